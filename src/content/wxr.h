/*
 * Inside the content module: the WordPress export (WXR) reader, shared by the importer. The
 * strings handed over live for the call only.
 */
#ifndef CONG_CONTENT_WXR_H
#define CONG_CONTENT_WXR_H

#include "content.h"

struct wxr_category {
    char *nicename, *parent, *name, *description; /* parent: its nicename, "" for none */
};

struct wxr_item {
    char *title, *link, *guid, *creator, *content, *excerpt;
    char *post_date, *post_date_gmt; /* "YYYY-MM-DD HH:MM:SS", local and UTC */
    char *post_name, *status, *post_type, *attachment_url;
    char *meta_description; /* the postmeta _yoast_wpseo_metadesc, or NULL */
    /* the nicename of its <category domain="language"> (the term Polylang gives a post's
       language, "en", "vi", "en-gb"...), or NULL */
    char *lang;
    bool sticky;            /* wp:is_sticky 1 */
    int64_t post_id, post_parent, thumbnail_id;
    char **categories; /* nicenames */
    size_t ncategories;
    char **tags; /* names */
    size_t ntags;
};

struct wxr_handler {
    void *ctx;
    enum cong_err (*category)(void *ctx, const struct wxr_category *c, struct cong_error *err);
    enum cong_err (*author)(void *ctx, const char *login, const char *display,
                            struct cong_error *err);
    enum cong_err (*item)(void *ctx, const struct wxr_item *it, struct cong_error *err);
};

/*
 * Reads the export at path from start to end, handing each category, author and item to h
 * (NULL callbacks skip them); a callback's failure stops the read and is returned. A file
 * that is not XML, not an RSS export, declares a DTD or uses an entity, or has a text node
 * past libxml2's limit is CONG_EPARSE with one line in err; CONG_EIO if it cannot be opened.
 */
enum cong_err wxr_read(const char *path, const struct wxr_handler *h, struct cong_error *err);

#endif
