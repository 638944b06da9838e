/*
 * The demo portal: believable sample content for a fictional provincial political school,
 * written for Cổng, with cover images generated at init time. Used by `cong init --demo`.
 */
#ifndef CONG_DEMO_H
#define CONG_DEMO_H

#include "../core/core.h"
#include "../store/store.h"

/*
 * Fills an empty portal: site settings, categories, articles with covers spread over the
 * months before now. CONG_EEXIST if the portal already has articles (nothing is changed).
 */
enum cong_err demo_populate(struct store *st, int64_t now, struct cong_error *err);
/*
 * Adds the demo's own composition once the built-in pages exist (portal_install_defaults):
 * a members-only block on the article page and a page "Giới thiệu" in the menu.
 */
enum cong_err demo_compose(struct store *st, struct cong_error *err);
/*
 * Adds the demo's work schedule (the week of now and the next Monday), a few answered
 * questions and one waiting, and their portlets on the home page; after demo_compose.
 */
enum cong_err demo_civic(struct store *st, int64_t now, struct cong_error *err);

#endif
