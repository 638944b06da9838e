/*
 * The admin UI: the login and logout pages (/dang-nhap, /dang-xuat) and the pages under
 * /quan-tri (dashboard for authors and above; users and the audit log for admins). It turns
 * requests into calls on the auth module and renders the answers in the site's theme. A guest
 * asking for an admin page is sent to the login page; a user whose role is too low gets 403.
 * Every POST is checked for its CSRF token before anything is read or changed.
 */
#ifndef CONG_ADMIN_H
#define CONG_ADMIN_H

#include "../auth/auth.h"
#include "../core/core.h"
#include "../http/http.h"
#include "../web/web.h"

struct admin;

/* Keeps references to site and au until admin_free. CONG_ENOMEM. */
enum cong_err admin_new(struct web *web, struct auth *au, struct admin **out);
/* Accepts NULL. */
void admin_free(struct admin *ad);
/* Adds /dang-nhap, /dang-xuat and /quan-tri, /quan-tri/... to r. */
enum cong_err admin_add_routes(struct admin *ad, struct http_router *r);

#endif
