/*
 * The i18n module: the language of the page being made, and the translation of the
 * interface's text into it. Vietnamese is the source language: the text in the code and the
 * templates is Vietnamese, and po/en.po (gettext's format) gives its English. The catalogues
 * are compiled into the binary, so a lookup is a binary search in a read-only table.
 *
 * Like gettext's locale, the language is the current thread's: the web layer sets it when a
 * request comes in (i18n_set_lang) and every _() below, down to a domain module's error
 * message, speaks it. A thread that never set one speaks Vietnamese.
 */
#ifndef CONG_I18N_H
#define CONG_I18N_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/core.h"

enum i18n_lang {
    I18N_VI, /* the source language, the default */
    I18N_EN,
    I18N_COUNT
};

/* The current thread's language (I18N_VI until set). */
enum i18n_lang i18n_lang(void);
/* Sets the current thread's language; returns the one it replaces, to put back. */
enum i18n_lang i18n_set_lang(enum i18n_lang lang);
/* "vi" or "en". Static. */
const char *i18n_code(enum i18n_lang lang);
/* The language of code ("vi", "en"; case ignored); false for anything else, *out unchanged. */
bool i18n_parse(const char *code, enum i18n_lang *out);

/* msgid (Vietnamese) in lang: the catalogue's translation, else msgid itself. */
const char *i18n_tr(enum i18n_lang lang, const char *msgid) CONG_FORMAT_ARG(2);
/* The same with gettext's msgctxt, for a Vietnamese word that has two English ones. */
const char *i18n_trc(enum i18n_lang lang, const char *ctx, const char *msgid) CONG_FORMAT_ARG(3);
/* The plural form for n: Vietnamese has one form, English two (msgid_plural is the
   Vietnamese text again, so both forms of a Vietnamese entry are the same). */
const char *i18n_trn(enum i18n_lang lang, const char *msgid, const char *msgid_plural,
                     int64_t n) CONG_FORMAT_ARG(2);

/* Marks text for the catalogues and translates it into the current thread's language. */
#define _(s) i18n_tr(i18n_lang(), s)
/* Marks text for the catalogues without translating it (a static table's entry): translate
   it with _() where it is used. */
#define N_(s) s
/* _() with a context, and the plural form of n. */
#define C_(ctx, s) i18n_trc(i18n_lang(), ctx, s)
#define P_(s, p, n) i18n_trn(i18n_lang(), s, p, n)

/* One message of the theme's scripts (their T("…")) and its translation. */
struct i18n_pair {
    const char *msgid;
    const char *msgstr;
};
/* The messages of the theme's scripts translated into lang (the entries of po/LANG.po whose
   reference names a .js file), sorted by msgid; *n of them. Vietnamese has none. Static. */
const struct i18n_pair *i18n_js_messages(enum i18n_lang lang, size_t *n);

/* Dates and numbers in the current thread's language, appended to b:
   a date: Vietnamese 04-12-2026 (DESIGN's dd-mm-yyyy), English 4 Dec 2026;
   a date and time: 04-12-2026 09:30 / 4 Dec 2026, 09:30;
   an integer with digit groups: 1.234.567 / 1,234,567. In the zone time_set_zone set. */
void i18n_add_date(struct buf *b, int64_t t);
void i18n_add_datetime(struct buf *b, int64_t t);
void i18n_add_int(struct buf *b, int64_t n);

#endif
