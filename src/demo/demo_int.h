/*
 * Inside the demo module: the shape of the sample content that demo_data.c holds and demo.c
 * writes into a portal. The data is constant and belongs to no one; nothing here allocates.
 */
#ifndef CONG_DEMO_INT_H
#define CONG_DEMO_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/core.h"

struct demo_setting {
    const char *key;
    const char *value;
};

struct demo_category {
    const char *slug;
    const char *name;
    const char *description;
};

/*
 * One sample article. The texts may carry date marks that demo.c fills from the day the
 * article is published (in the site's zone), so that the prose agrees with its own date:
 *   {d}   that day as "d/m/yyyy"; {d-N} and {d+N} the day N days before or after it
 *   {y}   its year          {q}   its quarter as "II/2025"
 *   {nh}  the school year it falls in, "2024 - 2025" (a school year starts in September)
 * A brace that starts none of these is kept as it is.
 */
struct demo_article {
    const char *category; /* slug of one of demo_categories */
    int days_ago;         /* 1 or more: every sample article is already published */
    int hour, minute;     /* local time of publication */
    const char *title;
    const char *summary;
    const char *author;
    const char *caption; /* of the cover; NULL: the article has no cover */
    const char *body;    /* Markdown */
    bool featured;       /* flagged "Tin nổi bật": the home page's lead stories */
};

/* An item of a demo menu: ref is a page's or category's slug, or a URL; parent the index of
   its parent in the same table, or -1. */
struct demo_menu_item {
    const char *menu, *label, *kind, *ref;
    int parent;
    bool new_window;
};
/* The most items demo_add_menu_items takes at once. */
#define DEMO_MENU_MAX 32

struct store;
/* Adds items[0..n) in language lang ("vi", "en") through the same rules as an admin's. */
enum cong_err demo_add_menu_items(struct store *st, struct arena *a,
                                  const struct demo_menu_item *items, size_t n, const char *lang,
                                  struct cong_error *err);

extern const struct demo_setting demo_settings[];
extern const size_t demo_setting_count;
extern const struct demo_category demo_categories[];
extern const size_t demo_category_count;
extern const struct demo_article demo_articles[];
extern const size_t demo_article_count;

#endif
