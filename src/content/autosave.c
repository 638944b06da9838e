/*
 * Autosaves: the article editor's form as it stood a few seconds ago, kept per article and
 * user so that a closed tab, a dead battery or a crash loses little. The data is a JSON
 * object of the editor's known fields and nothing else; it is never an article: it becomes
 * one only when the editor restores it into the form and saves. The rules of who may keep
 * one are those of editing (an autosave of an article the user may not edit is refused), so
 * the autosave door cannot be used to learn or hold more than the form could.
 */
#include "content.h"
#include "../i18n/i18n.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* The most bytes of the tags field: every tag at its longest, with separators. */
#define TAGS_BYTES (4u * CONTENT_TAGS_MAX * (CONTENT_TAG_LEN_MAX + 2u))

/* The fields kept, with the most bytes each may hold (UTF-8 is at most 4 bytes a char). */
static const struct {
    const char *name;
    size_t max_bytes;
} known[] = {
    {"title", 4 * CONTENT_TITLE_MAX},
    {"summary", 4 * CONTENT_SUMMARY_MAX},
    {"body", CONTENT_BODY_MAX},
    {"category", 4 * CONTENT_SLUG_MAX},
    {"tags", TAGS_BYTES},
    {"author", 4 * 200},
    {"published_at", 64},
    {"cover", 32},
    {"cover_caption", 4 * 500},
    {"body_format", 16},
    {"slug", 4 * CONTENT_SLUG_MAX},
    {"meta_description", 4 * CONTENT_META_MAX},
    {"cover_alt", 4 * CONTENT_ALT_MAX},
    {"expires_at", 64},
    {"lang", 8},
};

/* The index of name in known, or -1. */
static int known_index(const char *name)
{
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
        if (!strcmp(known[i].name, name))
            return (int)i;
    }
    return -1;
}

/* CONG_OK if who may keep an autosave of article_id (0: a new article). */
static enum cong_err may_keep(struct store *st, const struct content_actor *who, int64_t article_id,
                              struct cong_error *err)
{
    struct arena ar;
    struct article a;
    enum cong_err rc;

    if (!who || who->user_id <= 0 || !content_may_create(who, ARTICLE_DRAFT))
        return cong_error_set(err, CONG_EPERM, _("Bạn không có quyền viết bài"));
    if (article_id == 0)
        return CONG_OK;
    if (article_id < 0)
        return cong_error_set(err, CONG_ENOTFOUND, _("Không có bài viết này"));
    arena_init(&ar, 0);
    rc = store_get_article(st, &ar, article_id, &a);
    if (rc == CONG_ENOTFOUND)
        rc = cong_error_set(err, CONG_ENOTFOUND, _("Không có bài viết này"));
    else if (rc == CONG_OK && !content_may_edit(who, &a))
        rc = cong_error_set(err, CONG_EPERM, _("Bạn không có quyền sửa bài viết này"));
    else if (rc != CONG_OK)
        rc = cong_error_set(err, rc, _("Không đọc được bài viết lúc này"));
    arena_release(&ar);
    return rc;
}

enum cong_err content_autosave_put(struct store *st, const struct content_actor *who,
                                   int64_t article_id, const struct content_field *fields, size_t n,
                                   int64_t now, struct cong_error *err)
{
    json_t *obj;
    char *text = NULL;
    struct article_autosave as;
    enum cong_err rc;

    if ((rc = may_keep(st, who, article_id, err)) != CONG_OK)
        return rc;
    obj = json_object();
    if (!obj)
        return cong_error_set(err, CONG_ENOMEM, _("Máy chủ đang quá tải"));
    for (size_t i = 0; i < n; i++) {
        int k = fields[i].name && fields[i].value ? known_index(fields[i].name) : -1;
        size_t len;

        if (k < 0)
            continue;
        len = strlen(fields[i].value);
        if (!text_is_utf8(fields[i].value, len)) {
            rc = cong_error_set(err, CONG_EINVAL, _("Trường '%s' không phải văn bản UTF-8 hợp lệ"),
                                known[k].name);
            goto out;
        }
        if (len > known[k].max_bytes) {
            rc =
                cong_error_set(err, CONG_EINVAL, _("Trường '%s' dài quá mức cho phép"), known[k].name);
            goto out;
        }
        if (json_object_set_new(obj, known[k].name, json_stringn(fields[i].value, len)) != 0) {
            rc = cong_error_set(err, CONG_ENOMEM, _("Máy chủ đang quá tải"));
            goto out;
        }
    }
    text = json_dumps(obj, JSON_COMPACT);
    if (!text) {
        rc = cong_error_set(err, CONG_ENOMEM, _("Máy chủ đang quá tải"));
        goto out;
    }
    if (strlen(text) > CONTENT_AUTOSAVE_MAX) {
        rc = cong_error_set(err, CONG_ETOOBIG, _("Bản lưu tự động quá lớn"));
        goto out;
    }
    as = (struct article_autosave){
        .article_id = article_id, .user_id = who->user_id, .saved_at = now, .data = text};
    rc = store_put_autosave(st, &as);
    if (rc != CONG_OK)
        cong_error_set(err, rc, _("Không lưu tự động được lúc này"));
out:
    free(text);
    json_decref(obj);
    return rc;
}

enum cong_err content_autosave_get(struct store *st, struct arena *ar,
                                   const struct content_actor *who, int64_t article_id,
                                   int64_t *saved_at, struct content_field **fields, size_t *n)
{
    struct article_autosave as;
    json_t *obj, *v;
    const char *key;
    struct content_field *out;
    size_t i = 0;
    enum cong_err rc;

    *saved_at = 0;
    *fields = NULL;
    *n = 0;
    if (!who || who->user_id <= 0)
        return CONG_ENOTFOUND;
    rc = store_get_autosave(st, ar, article_id, who->user_id, &as);
    if (rc != CONG_OK)
        return rc;
    obj = json_loads(as.data, JSON_REJECT_DUPLICATES, NULL);
    if (!json_is_object(obj)) {
        json_decref(obj);
        return CONG_ENOTFOUND;
    }
    out = arena_alloc(ar, (json_object_size(obj) + 1) * sizeof(*out));
    if (!out) {
        json_decref(obj);
        return CONG_ENOMEM;
    }
    json_object_foreach(obj, key, v)
    {
        if (!json_is_string(v) || known_index(key) < 0)
            continue;
        out[i].name = arena_strdup(ar, key);
        out[i].value = arena_strndup(ar, json_string_value(v), json_string_length(v));
        if (!out[i].name || !out[i].value) {
            json_decref(obj);
            return CONG_ENOMEM;
        }
        i++;
    }
    json_decref(obj);
    *saved_at = as.saved_at;
    *fields = i ? out : NULL;
    *n = i;
    return CONG_OK;
}

enum cong_err content_autosave_delete(struct store *st, const struct content_actor *who,
                                      int64_t article_id)
{
    if (!who || who->user_id <= 0)
        return CONG_OK;
    return store_delete_autosave(st, article_id, who->user_id);
}
