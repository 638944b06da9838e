/* Inside the i18n module: the compiled catalogues (scripts/po2c.py writes them at build). */
#ifndef CONG_I18N_INT_H
#define CONG_I18N_INT_H

#include <stddef.h>

#include "i18n.h"

/* One translated entry: key is msgid, or msgctxt "\x04" msgid; form[0] the singular (or the
   only form), form[1] the plural. Sorted by key as strcmp orders them. */
struct i18n_entry {
    const char *key;
    const char *form[2];
};

extern const struct i18n_entry i18n_catalogue_en[];
extern const size_t i18n_catalogue_en_len;
/* The entries the theme's scripts use (i18n_js_messages). */
extern const struct i18n_pair i18n_js_en[];
extern const size_t i18n_js_en_len;

#endif
