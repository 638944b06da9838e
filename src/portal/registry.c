/*
 * The registry of portlet types: one array, in the order the admin's "add a portlet" list
 * shows them. A new type is one file in portlets/ that defines its struct portlet_type, one
 * extern line in portal_int.h and one entry here.
 */
#include "portal_int.h"

#include <string.h>

static const struct portlet_type *const registry[] = {
    &portlet_news_list,  &portlet_news_detail, &portlet_featured,
    &portlet_menu,       &portlet_links,       &portlet_html,
    &portlet_search_box, &portlet_login,       &portlet_visitor_stats,
    &portlet_schedule,   &portlet_questions,  &portlet_documents,
    &portlet_banner,
};

const struct portlet_type *portal_type_find(const char *name)
{
    for (size_t i = 0; name && i < sizeof(registry) / sizeof(registry[0]); i++) {
        if (!strcmp(registry[i]->name, name))
            return registry[i];
    }
    return NULL;
}

const struct portlet_type *portal_type_at(size_t i)
{
    return i < sizeof(registry) / sizeof(registry[0]) ? registry[i] : NULL;
}
