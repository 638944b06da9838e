/*
 * The admin UI: the login and logout pages (/dang-nhap, /dang-xuat) and the pages under
 * /quan-tri (dashboard, articles, categories, media, statistics for authors and above; users,
 * the audit log, redirects and the composition of pages from portlets for admins). It turns
 * requests into calls on the domain modules and renders the answers in the site's theme,
 * standing on the web layer for who is asking, the page frame and every error answer.
 */
#ifndef CONG_ADMIN_H
#define CONG_ADMIN_H

#include "../core/core.h"
#include "../http/http.h"
#include "../web/web.h"

struct admin;

/* Keeps a reference to w until admin_free. CONG_ENOMEM. */
enum cong_err admin_new(struct web *w, struct admin **out);
/* Accepts NULL. */
void admin_free(struct admin *ad);
/* Adds /dang-nhap, /dang-xuat and /quan-tri, /quan-tri/... to r. CONG_ENOMEM. */
enum cong_err admin_add_routes(struct admin *ad, struct http_router *r);
/* Adds the state portal's admin pages (/quan-tri/lich-cong-tac, /quan-tri/hoi-dap) to r:
   call it before admin_add_routes, whose catch-all for /quan-tri/ must come last. */
enum cong_err admin_civic_add_routes(struct admin *ad, struct http_router *r);
/* Adds /quan-tri/van-ban and its pages (documents_page.c) to r, before admin_add_routes adds
   its catch-all; keeps a reference to w. CONG_ENOMEM. */
struct web;
enum cong_err admin_documents_add_routes(struct web *w, struct http_router *r);

#endif
