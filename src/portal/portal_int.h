/*
 * Shared by the files of src/portal only: the portlet types the registry lists (one file
 * each in portlets/) and the helpers their render functions use. A render function reads its
 * configuration (every field present and valid: see portal_config_effective) and the
 * environment, queries the store, and fills its view; it never writes.
 */
#ifndef CONG_PORTAL_INT_H
#define CONG_PORTAL_INT_H

#include <jansson.h>

#include "portal.h"

/* The types, each defined in portlets/NAME.c and listed once in registry.c. */
extern const struct portlet_type portlet_news_list;
extern const struct portlet_type portlet_news_detail;
extern const struct portlet_type portlet_featured;
extern const struct portlet_type portlet_menu;
extern const struct portlet_type portlet_links;
extern const struct portlet_type portlet_html;
extern const struct portlet_type portlet_search_box;
extern const struct portlet_type portlet_login;
extern const struct portlet_type portlet_visitor_stats;
extern const struct portlet_type portlet_schedule;
extern const struct portlet_type portlet_questions;
extern const struct portlet_type portlet_documents;
extern const struct portlet_type portlet_banner;

/* Characters (code points) of a UTF-8 string. */
size_t portal_chars(const char *s);
/* A JSON string of s, "" for NULL. */
json_t *portal_jstr(const char *s);
/* A field of an effective configuration (see portal_config_effective). */
int64_t portal_cfg_int(const json_t *config, const char *name);
bool portal_cfg_bool(const json_t *config, const char *name);
/* Never NULL: "" when absent. */
const char *portal_cfg_str(const json_t *config, const char *name);

/*
 * The cards of n articles through env->cards (minimal cards when it is NULL), without their
 * covers unless covers. A new array; NULL when out of memory.
 */
json_t *portal_cards(const struct portal_env *env, const struct article *arts, size_t n,
                     bool covers);
/*
 * Page links for a listing at path with pages pages, page the current one: { page, pages,
 * prev_url?, next_url?, items: [ { n, url, current } | { gap: true } ] }, the first and last
 * page and two on each side of the current one. A new object.
 */
json_t *portal_pagination(struct arena *a, const char *path, size_t page, size_t pages);
/* Notes that article id is shown on the page being drawn (env->shown; nothing past its room). */
void portal_shown_add(const struct portal_env *env, int64_t id);
/* True if article id was noted as shown on the page being drawn. */
bool portal_shown_has(const struct portal_env *env, int64_t id);
/* True if art is published and its time has come. */
bool portal_is_visible(const struct article *art, int64_t now);

#endif
