/*
 * The backend-independent half of the store: names of article states, shared by every
 * backend and by callers that parse or print them. Nothing here touches a database.
 */
#include "store.h"

#include <string.h>

static const char *const status_names[] = {
    [ARTICLE_DRAFT] = "draft",
    [ARTICLE_PENDING] = "pending",
    [ARTICLE_PUBLISHED] = "published",
};

const char *store_article_status_name(enum article_status s)
{
    if ((unsigned)s >= sizeof(status_names) / sizeof(status_names[0]))
        return "unknown";
    return status_names[s];
}

bool store_article_status_parse(const char *name, enum article_status *out)
{
    size_t i;

    if (!name)
        return false;
    for (i = 0; i < sizeof(status_names) / sizeof(status_names[0]); i++) {
        if (strcmp(name, status_names[i]) == 0) {
            *out = (enum article_status)i;
            return true;
        }
    }
    return false;
}

const char *store_body_format_name(enum article_body_format f)
{
    return f == ARTICLE_BODY_HTML ? "html" : "markdown";
}

bool store_body_format_parse(const char *name, enum article_body_format *out)
{
    if (name && strcmp(name, "markdown") == 0) {
        *out = ARTICLE_BODY_MARKDOWN;
        return true;
    }
    if (name && strcmp(name, "html") == 0) {
        *out = ARTICLE_BODY_HTML;
        return true;
    }
    return false;
}
