/*
 * Translation lookups in the compiled catalogues, the current thread's language, and dates
 * and numbers per language. The catalogues are read-only tables made at build time from
 * the catalogues of po/, so lookups need no lock and no start-up step.
 */
#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "i18n_int.h"

static _Thread_local enum i18n_lang current = I18N_VI;

enum i18n_lang i18n_lang(void)
{
    return current;
}

enum i18n_lang i18n_set_lang(enum i18n_lang lang)
{
    enum i18n_lang old = current;

    current = (unsigned)lang < I18N_COUNT ? lang : I18N_VI;
    return old;
}

const char *i18n_code(enum i18n_lang lang)
{
    return lang == I18N_EN ? "en" : "vi";
}

bool i18n_parse(const char *code, enum i18n_lang *out)
{
    if (!code)
        return false;
    if (!strcasecmp(code, "vi")) {
        *out = I18N_VI;
        return true;
    }
    if (!strcasecmp(code, "en")) {
        *out = I18N_EN;
        return true;
    }
    return false;
}

static int by_key(const void *k, const void *e)
{
    return strcmp(k, ((const struct i18n_entry *)e)->key);
}

static const struct i18n_entry *lookup(enum i18n_lang lang, const char *key)
{
    if (lang != I18N_EN || !key || !*key)
        return NULL;
    return bsearch(key, i18n_catalogue_en, i18n_catalogue_en_len, sizeof(struct i18n_entry),
                   by_key);
}

const struct i18n_pair *i18n_js_messages(enum i18n_lang lang, size_t *n)
{
    if (lang != I18N_EN) {
        *n = 0;
        return i18n_js_en; /* a valid array, read for none of its entries */
    }
    *n = i18n_js_en_len;
    return i18n_js_en;
}

const char *i18n_tr(enum i18n_lang lang, const char *msgid)
{
    const struct i18n_entry *e = lookup(lang, msgid);

    return e ? e->form[0] : msgid;
}

const char *i18n_trc(enum i18n_lang lang, const char *ctx, const char *msgid)
{
    const struct i18n_entry *e;
    char key[512];
    int n;

    if (lang == I18N_VI)
        return msgid;
    n = snprintf(key, sizeof(key), "%s\x04%s", ctx, msgid);
    if (n < 0 || (size_t)n >= sizeof(key))
        return msgid;
    e = lookup(lang, key);
    return e ? e->form[0] : msgid;
}

const char *i18n_trn(enum i18n_lang lang, const char *msgid, const char *msgid_plural, int64_t n)
{
    const struct i18n_entry *e = lookup(lang, msgid);

    if (e)
        return e->form[n == 1 ? 0 : 1];
    return n == 1 || lang == I18N_VI ? msgid : msgid_plural;
}

/* English month abbreviations; Vietnamese dates are numeric. */
static const char *const months_en[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

static void add_day(struct buf *b, const struct tm *tm)
{
    if (current == I18N_EN)
        buf_printf(b, "%d %s %d", tm->tm_mday, months_en[tm->tm_mon], tm->tm_year + 1900);
    else
        buf_printf(b, "%02d-%02d-%04d", tm->tm_mday, tm->tm_mon + 1, tm->tm_year + 1900);
}

void i18n_add_date(struct buf *b, int64_t t)
{
    struct tm tm;

    time_local(t, &tm);
    add_day(b, &tm);
}

void i18n_add_datetime(struct buf *b, int64_t t)
{
    struct tm tm;

    time_local(t, &tm);
    add_day(b, &tm);
    buf_printf(b, current == I18N_EN ? ", %02d:%02d" : " %02d:%02d", tm.tm_hour, tm.tm_min);
}

void i18n_add_int(struct buf *b, int64_t n)
{
    char digits[32];
    char sep = current == I18N_EN ? ',' : '.';
    int len, i;
    uint64_t u = n < 0 ? (uint64_t)0 - (uint64_t)n : (uint64_t)n;

    len = snprintf(digits, sizeof(digits), "%llu", (unsigned long long)u);
    if (n < 0)
        buf_putc(b, '-');
    for (i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            buf_putc(b, sep);
        buf_putc(b, digits[i]);
    }
}
