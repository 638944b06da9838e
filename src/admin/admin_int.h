/*
 * Shared by the files of src/admin only: the handlers admin.c routes, and the few helpers two
 * of its files share. Every handler gets the web layer (struct web) as its context and starts
 * with web_admin_or_respond; answers, redirects and errors are the web layer's.
 */
#ifndef CONG_ADMIN_INT_H
#define CONG_ADMIN_INT_H

#include <jansson.h>

#include "admin.h"

struct admin {
    struct web *web;
};

/* The notice for code (the ?tb= of a page after a change) in table, or NULL. */
struct admin_notice {
    const char *code, *text;
};
const char *admin_notice_of(const struct admin_notice *table, size_t n, const char *code);
#define ADMIN_NOTICE(table, code) admin_notice_of((table), sizeof(table) / sizeof((table)[0]), (code))

/* Writes a change that is made to the audit log as v's; a failure is logged, not undone. */
void admin_audit(struct web *w, struct http_request *req, const struct web_viewer *v,
                 const char *action, const char *target, const char *detail);

/* Handlers of pages.c. */
void admin_h_users(struct http_request *req, struct http_response *res, void *ctx);
void admin_h_users_add(struct http_request *req, struct http_response *res, void *ctx);
void admin_h_user_change(struct http_request *req, struct http_response *res, void *ctx);
void admin_h_audit(struct http_request *req, struct http_response *res, void *ctx);
/* Handlers of redirects_page.c. */
void admin_h_redirects(struct http_request *req, struct http_response *res, void *ctx);
void admin_h_redirects_post(struct http_request *req, struct http_response *res, void *ctx);
/* Handlers of media_page.c. */
void admin_h_media(struct http_request *req, struct http_response *res, void *ctx);
void admin_h_media_post(struct http_request *req, struct http_response *res, void *ctx);
/* POST /quan-tri/thu-vien/:id/xoa: deletes a file (content_media_delete). */
void admin_h_media_delete(struct http_request *req, struct http_response *res, void *ctx);
/* Handlers of stats_page.c. */
void admin_h_stats(struct http_request *req, struct http_response *res, void *ctx);
void admin_h_stats_csv(struct http_request *req, struct http_response *res, void *ctx);

/* Shared by articles.c and categories.c (editorial work). */
struct category;
/*
 * cats[0..n) in tree order (parents before their children, siblings by position): order[i]
 * is an index into cats and depth[i] its depth (0 at the top). Both arrays from ar, n long;
 * categories whose parent is missing come last at depth 0. CONG_ENOMEM.
 */
enum cong_err admin_category_tree(struct arena *ar, const struct category *cats, size_t n,
                                  size_t **order, int **depth);
/*
 * The categories as <option>s ({slug, label, selected}) in tree order, nested ones indented
 * with "— ", the one with slug selected marked. A new array; CONG_ENOMEM or a store failure.
 */
enum cong_err admin_category_options(struct store *st, struct arena *ar, const char *selected,
                                     json_t **out);
/* Handlers of articles.c. */
void admin_h_articles(struct http_request *req, struct http_response *res, void *ctx);
void admin_h_article_new(struct http_request *req, struct http_response *res, void *ctx);
void admin_h_article(struct http_request *req, struct http_response *res, void *ctx);
void admin_h_article_delete(struct http_request *req, struct http_response *res, void *ctx);
void admin_h_article_autosave(struct http_request *req, struct http_response *res, void *ctx);
void admin_h_article_history(struct http_request *req, struct http_response *res, void *ctx);
void admin_h_article_revision(struct http_request *req, struct http_response *res, void *ctx);
void admin_h_article_restore(struct http_request *req, struct http_response *res, void *ctx);
void admin_h_article_preview(struct http_request *req, struct http_response *res, void *ctx);
void admin_h_markdown_preview(struct http_request *req, struct http_response *res, void *ctx);
/* Handlers of categories.c. */
void admin_h_categories(struct http_request *req, struct http_response *res, void *ctx);
/* portal_pages.c: /quan-tri/trang... and /quan-tri/portlet/... (admins only). */
enum cong_err admin_portal_add_routes(struct web *w, struct http_router *r);

struct article;
/* share.c: the editor page's sharing box for article a on a sub-portal (NULL: none to show,
   for another site, a viewer below editor, or a new article), and its form's handler. */
json_t *admin_share_view(struct web *w, struct http_request *req, const struct web_viewer *v,
                         const struct article *a);
void admin_h_article_share(struct http_request *req, struct http_response *res, void *ctx);
/* questions_page.c: /quan-tri/hoi-dap and /quan-tri/hoi-dap/ID, added by
   admin_civic_add_routes (schedule_page.c). */
enum cong_err admin_questions_routes(struct web *w, struct http_router *r);
/* account_page.c: /tai-khoan, /quen-mat-khau and /dat-lai-mat-khau. */
enum cong_err admin_account_routes(struct web *w, struct http_router *r);

#endif
