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

/*
 * Adds the demo's English content: pages on the school (organisation, functions and tasks,
 * leaders, contacts), a category of English news with a few stories (dated and illustrated
 * as the Vietnamese stories they retell), their list on the home page, and English main and
 * footer menus; after demo_civic.
 */
enum cong_err demo_english(struct store *st, int64_t now, struct cong_error *err);

/* The host of the demo's second site, a faculty's sub-portal. */
#define DEMO_FACULTY_HOST "khoa.localhost"
/*
 * Adds the demo's second site (DEMO_FACULTY_HOST, a sub-portal of the default site) with its
 * settings, categories and articles, one of them shared to the default site; *site gets its
 * store handle (its pages are the caller's: portal_install_defaults). CONG_EEXIST if it is
 * there already.
 */
enum cong_err demo_add_faculty(struct store *st, int64_t now, struct store **site,
                               struct cong_error *err);
/*
 * Adds the sample documents (văn bản) with their PDFs, one draft open for comments until
 * twenty days after now with two published comments, and reads the PDFs' text for search.
 * Called by demo_populate.
 */
enum cong_err demo_documents(struct store *st, int64_t now, struct cong_error *err);

#endif
