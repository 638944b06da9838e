/* Shared by the files of src/admin only: the module's state, the page frame and the checks
 * every admin handler runs first. */
#ifndef CONG_ADMIN_INT_H
#define CONG_ADMIN_INT_H

#include <jansson.h>

#include "admin.h"

struct admin {
    struct web *web;
    struct auth *auth;
};

/* Renders tmpl with ctx (borrowed) through the site, marked private: no-store, noindex. */
void admin_render(struct admin *ad, struct http_request *req, struct http_response *res, int status,
                  const char *tmpl, json_t *ctx);
/* Answers status with the theme's error page, marked private. */
void admin_fail(struct admin *ad, struct http_request *req, struct http_response *res, int status,
                const char *message);
/* Answers 503 for a store failure rc. */
void admin_store_failed(struct admin *ad, struct http_request *req, struct http_response *res,
                        enum cong_err rc);
/*
 * The checks before any admin page: a live session (else a 303 to the login page, with the
 * page to come back to), a role of at least need (else 403) and, for a POST, a form that
 * decodes (else 400), does not come from another site and carries the session's CSRF token
 * (else 403). Fills *s and returns true when the handler may go on; otherwise it has answered.
 */
bool admin_viewer_or_respond(struct admin *ad, struct http_request *req, struct http_response *res,
                             enum auth_role need, struct auth_session *s);
/*
 * What every admin page gets: the site's page data (titled title) plus "viewer" (name, role,
 * role_label, is_admin) and "csrf" for its forms, when s is not NULL. A new object.
 */
json_t *admin_page_data(struct admin *ad, struct http_request *req, const char *title,
                        const struct auth_session *s);

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
struct content_actor;
struct category;
/* The content module's actor for session s acting from the request's address. */
void admin_actor_of(const struct auth_session *s, const struct http_request *req,
                    struct content_actor *out);
/* The HTTP status of a content module result: 400, 403, 404, 409, 413, 422, else 503. */
int admin_status_of(enum cong_err rc);
/*
 * cats[0..n) in tree order (parents before their children, siblings by position): order[i]
 * is an index into cats and depth[i] its depth (0 at the top). Both arrays from ar, n long;
 * categories whose parent is missing come last at depth 0. CONG_ENOMEM.
 */
enum cong_err admin_category_tree(struct arena *ar, const struct category *cats, size_t n,
                                  size_t **order, int **depth);
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

#endif
