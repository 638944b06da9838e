/*
 * Documents (văn bản) and the public consultation on drafts: the rules and checks every
 * writer of a document goes through (the admin's forms, the API, the demo), the derived
 * fields search needs, the files typed by their bytes and the public's comments. The text of
 * attached PDFs is read by document_text.c. Knows nothing of HTTP; user messages are
 * Vietnamese, for the page or the API's message.
 */
#include "content_int.h"
#include "../i18n/i18n.h"
#include "documents.h"

#include <sodium.h>
#include <stddef.h>
#include <string.h>

#define NUMBER_MAX     100
#define TITLE_MAX      1000
#define NAME_MAX_CHARS 200
#define SUMMARY_MAX    20000

const char *content_document_status_name(enum document_status s)
{
    switch (s) {
    case DOCUMENT_CONSULTATION: return "consultation";
    case DOCUMENT_PUBLISHED: return "published";
    default: return "draft";
    }
}

bool content_document_status_parse(const char *name, enum document_status *out)
{
    static const enum document_status all[] = {DOCUMENT_DRAFT, DOCUMENT_CONSULTATION,
                                               DOCUMENT_PUBLISHED};

    for (size_t i = 0; name && i < sizeof(all) / sizeof(all[0]); i++) {
        if (!strcmp(name, content_document_status_name(all[i]))) {
            *out = all[i];
            return true;
        }
    }
    return false;
}

const char *content_document_status_label(enum document_status s)
{
    switch (s) {
    case DOCUMENT_CONSULTATION: return _("Dự thảo lấy ý kiến");
    case DOCUMENT_PUBLISHED: return _("Đã ban hành");
    default: return _("Bản nháp");
    }
}

bool content_document_is_public(const struct document *d)
{
    return d->status == DOCUMENT_CONSULTATION || d->status == DOCUMENT_PUBLISHED;
}

bool content_document_is_open(const struct document *d, int64_t now)
{
    return d->status == DOCUMENT_CONSULTATION && d->consultation_until > now;
}

const char *content_document_path(struct arena *a, const struct document *d)
{
    if (d->slug && *d->slug)
        return arena_printf(a, "/van-ban/%lld-%s", (long long)d->id, d->slug);
    return arena_printf(a, "/van-ban/%lld", (long long)d->id);
}

static bool is_alnum_ascii(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z');
}

/* s folded (text_fold) into a's memory; NULL if s is not UTF-8 or memory ran out. */
static char *fold(struct arena *a, const char *s)
{
    struct buf b;
    char *out = NULL;

    buf_init(&b, 0);
    if (text_fold(s, strlen(s), &b) == CONG_OK && buf_error(&b) == CONG_OK)
        out = arena_strndup(a, b.data, b.len);
    buf_release(&b);
    return out;
}

/* The letters and digits of folded text f (ASCII after folding; others dropped). */
static char *compact(struct arena *a, const char *f)
{
    size_t n = strlen(f), k = 0;
    char *out = arena_alloc(a, n + 1);

    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (is_alnum_ascii((unsigned char)f[i]))
            out[k++] = f[i];
    }
    out[k] = '\0';
    return out;
}

enum cong_err content_document_query_text(struct arena *a, const char *text,
                                          struct document_query *q)
{
    const char *f, *p;
    size_t n;

    q->nwords = 0;
    q->number_key = NULL;
    if (!text || !*text)
        return CONG_OK;
    if (!text_is_utf8(text, strlen(text)))
        return CONG_EINVAL;
    if (!(f = fold(a, text)))
        return CONG_ENOMEM;
    /* words are runs of letters and digits; a letter outside ASCII after folding (a rare
       script) counts as a letter too, so it is not lost */
    for (p = f; *p && q->nwords < STORE_DOCUMENT_WORDS; p += n) {
        while (*p && !is_alnum_ascii((unsigned char)*p) && !((unsigned char)*p & 0x80))
            p++;
        for (n = 0; p[n] && (is_alnum_ascii((unsigned char)p[n]) || ((unsigned char)p[n] & 0x80));)
            n++;
        if (n && !(q->words[q->nwords++] = arena_strndup(a, p, n)))
            return CONG_ENOMEM;
    }
    if (!(q->number_key = compact(a, f)))
        return CONG_ENOMEM;
    return CONG_OK;
}

/* Whether s is "" or a real date "YYYY-MM-DD". */
static bool is_date(const char *s)
{
    int64_t t;

    if (!s || !*s)
        return true;
    return strlen(s) == 10 && s[4] == '-' && s[7] == '-' && time_parse_iso8601(s, &t) == CONG_OK;
}

/* Checks d's fields; CONG_EINVAL with err naming the first bad one. */
static enum cong_err check_fields(const struct document *d, struct cong_error *err)
{
    static const struct {
        size_t off;
        const char *field, *label;
    } dates[] = {
        {offsetof(struct document, issued_on), "issued_on", N_("Ngày ban hành")},
        {offsetof(struct document, effective_on), "effective_on", N_("Ngày hiệu lực")},
        {offsetof(struct document, expires_on), "expires_on", N_("Ngày hết hiệu lực")},
    };
    enum cong_err rc;

    if (!d->number || !*d->number)
        return cong_error_field(err, "number", CONG_EINVAL, _("Cần nhập số ký hiệu văn bản"));
    if (!d->title || !*d->title)
        return cong_error_field(err, "title", CONG_EINVAL, _("Cần nhập trích yếu văn bản"));
    if ((rc = content_check_text(d->number, NUMBER_MAX, "number", _("Số ký hiệu"), err)) ||
        (rc = content_check_text(d->title, TITLE_MAX, "title", _("Trích yếu"), err)) ||
        (rc = content_check_text(d->kind, NAME_MAX_CHARS, "kind", _("Loại văn bản"), err)) ||
        (rc = content_check_text(d->issuer, NAME_MAX_CHARS, "issuer", _("Cơ quan ban hành"), err)) ||
        (rc = content_check_text(d->field, NAME_MAX_CHARS, "field", _("Lĩnh vực"), err)) ||
        (rc = content_check_text(d->signer, NAME_MAX_CHARS, "signer", _("Người ký"), err)) ||
        (rc = content_check_text(d->comment_summary, SUMMARY_MAX, "comment_summary",
                                 _("Tổng hợp ý kiến"), err)))
        return rc;
    for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
        const char *v = *(const char *const *)((const char *)d + dates[i].off);
        if (!is_date(v))
            return cong_error_field(err, dates[i].field, CONG_EINVAL,
                                    _("%s phải có dạng năm-tháng-ngày (2026-03-15)"), _(dates[i].label));
    }
    if (d->status == DOCUMENT_CONSULTATION && d->consultation_until <= 0)
        return cong_error_field(err, "consultation_until", CONG_EINVAL,
                                _("Dự thảo lấy ý kiến cần có thời hạn góp ý"));
    if (d->replaced_by && d->replaced_by == d->id)
        return cong_error_field(err, "replaced_by", CONG_EINVAL,
                                _("Văn bản không thể thay thế chính nó"));
    return CONG_OK;
}

/* d with its derived fields (slug, search_text, number_key) set, strings from a. */
static enum cong_err derive(struct arena *a, struct document *d)
{
    struct buf slug;
    const char *all, *folded_number;
    enum cong_err rc;

    buf_init(&slug, 0);
    rc = text_slugify(d->title, strlen(d->title), 80, &slug);
    if (rc == CONG_OK && buf_error(&slug) != CONG_OK)
        rc = CONG_ENOMEM;
    d->slug = rc == CONG_OK ? arena_strndup(a, slug.data, slug.len) : NULL;
    buf_release(&slug);
    if (rc != CONG_OK)
        return rc;
    all = arena_printf(a, "%s %s %s %s %s %s", d->number, d->title, d->kind ? d->kind : "",
                       d->issuer ? d->issuer : "", d->field ? d->field : "",
                       d->signer ? d->signer : "");
    d->search_text = all ? fold(a, all) : NULL;
    folded_number = fold(a, d->number);
    d->number_key = folded_number ? compact(a, folded_number) : NULL;
    if (!d->slug || !d->search_text || !d->number_key)
        return CONG_ENOMEM;
    return CONG_OK;
}

/* Who may save d over old (NULL: a new one). */
static enum cong_err rule_save(const struct content_actor *who, const struct document *old,
                               const struct document *d, struct cong_error *err)
{
    bool publishing = content_document_is_public(d) || (old && content_document_is_public(old));

    if (!auth_role_at_least(who->role, AUTH_EDITOR))
        return cong_error_set(err, CONG_EPERM, _("Chỉ biên tập viên trở lên được quản lý văn bản"));
    if (publishing && !auth_role_at_least(who->role, AUTH_PUBLISHER))
        return cong_error_set(err, CONG_EPERM,
                              _("Chỉ người duyệt đăng được công bố hoặc sửa văn bản đã công bố"));
    return CONG_OK;
}

/* Saves d (derived fields set) and its files on st; sets *id. */
static enum cong_err write_document(struct store *st, const struct document *d,
                                    const int64_t *files, size_t nfiles, bool has_files,
                                    int64_t now, int64_t *id, struct cong_error *err)
{
    enum cong_err rc;

    if (d->id)
        rc = store_update_document(st, d, now);
    else
        rc = store_add_document(st, d, now, id);
    if (rc == CONG_EINVAL)
        return cong_error_field(err, "replaced_by", CONG_EINVAL, _("Không có văn bản thay thế này"));
    if (rc != CONG_OK)
        return rc;
    if (d->id)
        *id = d->id;
    if (has_files) {
        rc = store_set_document_files(st, *id, files, nfiles);
        if (rc == CONG_EINVAL)
            return cong_error_field(err, "files", CONG_EINVAL, _("Có tệp đính kèm không tồn tại"));
    }
    return rc;
}

enum cong_err content_document_save(struct store *st, const struct content_actor *who,
                                    const struct document *in, const int64_t *files, size_t nfiles,
                                    bool has_files, int64_t now, int64_t *id,
                                    struct cong_error *err)
{
    struct arena a;
    struct document d = *in, old;
    enum cong_err rc;

    *id = 0;
    if (has_files && nfiles > DOCUMENT_FILES_MAX)
        return cong_error_field(err, "files", CONG_EINVAL, _("Một văn bản có tối đa %d tệp"),
                                DOCUMENT_FILES_MAX);
    arena_init(&a, 0);
    if (d.id) {
        rc = store_get_document(st, &a, d.id, &old);
        if (rc == CONG_ENOTFOUND)
            cong_error_set(err, rc, _("Không có văn bản này"));
        if (rc != CONG_OK)
            goto out;
    }
    if ((rc = rule_save(who, d.id ? &old : NULL, &d, err)) || (rc = check_fields(&d, err)) ||
        (rc = derive(&a, &d)))
        goto out;
    rc = write_document(st, &d, files, nfiles, has_files, now, id, err);
    if (rc == CONG_OK) {
        content_audit(st, who, now, in->id ? "document_saved" : "document_created",
                      arena_printf(&a, "#%lld %s", (long long)*id, d.number),
                      content_document_status_name(d.status));
        content_documents_wake();
    }
out:
    arena_release(&a);
    return rc;
}

enum cong_err content_document_delete(struct store *st, const struct content_actor *who, int64_t id,
                                      int64_t now, struct cong_error *err)
{
    struct arena a;
    struct document d;
    enum cong_err rc;

    if (!auth_role_at_least(who->role, AUTH_PUBLISHER))
        return cong_error_set(err, CONG_EPERM, _("Chỉ người duyệt đăng được xóa văn bản"));
    arena_init(&a, 0);
    rc = store_get_document(st, &a, id, &d);
    if (rc == CONG_OK)
        rc = store_delete_document(st, id);
    if (rc == CONG_ENOTFOUND)
        cong_error_set(err, rc, _("Không có văn bản này"));
    if (rc == CONG_OK)
        content_audit(st, who, now, "document_deleted",
                      arena_printf(&a, "#%lld %s", (long long)id, d.number), NULL);
    arena_release(&a);
    return rc;
}

/* Files. */

static uint16_t le16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static bool name_is(const unsigned char *name, size_t n, const char *want)
{
    return n == strlen(want) && !memcmp(name, want, n);
}

/*
 * The Office type of a ZIP by its central directory (at the end: the End Of Central
 * Directory record is searched in the last 64 KiB, where the format puts it): DOCX has
 * word/document.xml, XLSX xl/workbook.xml, ODT its first entry "mimetype" holding the
 * type. NULL for any other ZIP or a damaged one.
 */
static const char *zip_type(const unsigned char *p, size_t len)
{
    static const char odt[] = "application/vnd.oasis.opendocument.text";
    size_t eocd = 0, at, entries, cd_off, cd_size;

    /* ODT: a stored "mimetype" entry first, as its specification requires */
    if (len > 30 + 8 + sizeof(odt) - 1 && le16(p + 26) == 8 && !memcmp(p + 30, "mimetype", 8) &&
        le16(p + 8) == 0 && len - 38 - le16(p + 28) >= sizeof(odt) - 1 &&
        !memcmp(p + 38 + le16(p + 28), odt, sizeof(odt) - 1))
        return odt;
    if (len < 22)
        return NULL;
    for (size_t i = len - 22 + 1; i-- > 0 && len - i <= 65536 + 22;) {
        if (!memcmp(p + i, "PK\5\6", 4)) {
            eocd = i;
            break;
        }
    }
    if (!eocd && memcmp(p, "PK\5\6", 4))
        return NULL;
    entries = le16(p + eocd + 10);
    cd_size = le32(p + eocd + 12);
    cd_off = le32(p + eocd + 16);
    if (cd_off > eocd || cd_size > eocd - cd_off)
        return NULL;
    at = cd_off;
    for (size_t e = 0; e < entries && at + 46 <= cd_off + cd_size; e++) {
        size_t nlen = le16(p + at + 28), skip = 46 + nlen + le16(p + at + 30) + le16(p + at + 32);
        if (memcmp(p + at, "PK\1\2", 4) || at + 46 + nlen > cd_off + cd_size)
            return NULL;
        if (name_is(p + at + 46, nlen, "word/document.xml"))
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        if (name_is(p + at + 46, nlen, "xl/workbook.xml"))
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        at += skip;
    }
    return NULL;
}

/* Whether name ends in ext (ASCII, any case). */
static bool ends_with(const char *name, const char *ext)
{
    size_t n = name ? strlen(name) : 0, k = strlen(ext);

    if (n < k)
        return false;
    for (size_t i = 0; i < k; i++) {
        char c = name[n - k + i];
        if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != ext[i])
            return false;
    }
    return true;
}

const char *content_document_sniff(const void *data, size_t len, const char *filename)
{
    const unsigned char *p = data;

    if (len >= 5 && !memcmp(p, "%PDF-", 5))
        return "application/pdf";
    if (len >= 512 && !memcmp(p, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) {
        /* both are OLE2 compound files; telling them apart means reading its directory,
           so the name chooses, and anything else of that kind is refused */
        if (ends_with(filename, ".doc"))
            return "application/msword";
        if (ends_with(filename, ".xls"))
            return "application/vnd.ms-excel";
        return NULL;
    }
    if (len >= 30 && !memcmp(p, "PK\3\4", 4))
        return zip_type(p, len);
    return NULL;
}

/* The file name to keep: after the last '/' or '\', at most 200 bytes on a character's start. */
static const char *base_name(struct arena *a, const char *name)
{
    const char *base = name ? name : "";
    size_t n;

    for (const char *p = base; *p; p++) {
        if (*p == '/' || *p == '\\')
            base = p + 1;
    }
    n = strlen(base);
    if (!text_is_utf8(base, n))
        return "";
    while (n > 200 || (n && ((unsigned char)base[n] & 0xC0) == 0x80))
        n--;
    return arena_strndup(a, base, n);
}

enum cong_err content_document_add_file(struct store *st, const struct content_actor *who,
                                        const void *data, size_t len, const char *filename,
                                        size_t max, int64_t *media_id, struct cong_error *err)
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    struct arena a;
    struct media m;
    const char *mime;
    enum cong_err rc;

    *media_id = 0;
    if (!auth_role_at_least(who->role, AUTH_EDITOR))
        return cong_error_set(err, CONG_EPERM, _("Chỉ biên tập viên trở lên được đính kèm tệp"));
    if (!max || max > DOCUMENT_FILE_MAX)
        max = DOCUMENT_FILE_MAX;
    if (len > max)
        return cong_error_field(err, "file", CONG_ETOOBIG, _("Tệp lớn quá giới hạn %zu MB"),
                                (max + (1u << 20) - 1) >> 20);
    if (len == 0)
        return cong_error_field(err, "file", CONG_EINVAL, _("Tệp rỗng"));
    mime = content_document_sniff(data, len, filename);
    if (!mime)
        return cong_error_field(err, "file", CONG_EINVAL,
                                _("Định dạng tệp không được hỗ trợ (chỉ nhận PDF, DOC, DOCX, XLS, "
                                "XLSX, ODT)"));
    if (sodium_init() < 0)
        return cong_error_set(err, CONG_ENOMEM, "cannot initialise libsodium");
    arena_init(&a, 0);
    crypto_hash_sha256(digest, data, len);
    sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
    memset(&m, 0, sizeof(m));
    m.mime = mime;
    m.filename = base_name(&a, filename);
    m.user_id = who->user_id;
    m.data = data;
    m.size = len;
    m.sha256 = hex;
    rc = m.filename ? store_add_media_set(st, &m, NULL, 0, media_id) : CONG_ENOMEM;
    if (rc != CONG_OK)
        cong_error_set(err, rc == CONG_ENOMEM ? CONG_ENOMEM : CONG_ESTORE, _("Không lưu được tệp"));
    arena_release(&a);
    return rc == CONG_OK || rc == CONG_ENOMEM ? rc : CONG_ESTORE;
}

enum cong_err content_document_attach(struct store *st, const struct content_actor *who, int64_t id,
                                      const void *data, size_t len, const char *filename,
                                      size_t max, int64_t now, int64_t *media_id,
                                      struct cong_error *err)
{
    int64_t ids[DOCUMENT_FILES_MAX];
    struct document_file *files;
    struct document d;
    struct arena a;
    size_t n = 0;
    enum cong_err rc;

    *media_id = 0;
    arena_init(&a, 0);
    rc = store_get_document(st, &a, id, &d);
    if (rc == CONG_ENOTFOUND)
        cong_error_set(err, rc, _("Không có văn bản này"));
    if (rc == CONG_OK)
        rc = rule_save(who, &d, &d, err);
    if (rc == CONG_OK)
        rc = store_list_document_files(st, &a, id, &files, &n);
    if (rc == CONG_OK && n >= DOCUMENT_FILES_MAX)
        rc = cong_error_field(err, "file", CONG_EINVAL, _("Một văn bản có tối đa %d tệp"),
                              DOCUMENT_FILES_MAX);
    if (rc == CONG_OK)
        rc = content_document_add_file(st, who, data, len, filename, max, media_id, err);
    for (size_t i = 0; rc == CONG_OK && i < n; i++)
        ids[i] = files[i].media_id;
    if (rc == CONG_OK) {
        ids[n] = *media_id;
        rc = store_set_document_files(st, id, ids, n + 1);
    }
    if (rc == CONG_OK) {
        content_audit(st, who, now, "document_file_added",
                      arena_printf(&a, "#%lld %s", (long long)id, d.number), filename);
        content_documents_wake();
    }
    arena_release(&a);
    return rc;
}

/* Comments. */

/* Whether s looks like an e-mail address: one '@' with text on both sides, a dot after it,
   no spaces; deliverability is not the portal's to judge. */
static bool is_email(const char *s)
{
    const char *at = strchr(s, '@');

    if (!at || at == s || strchr(at + 1, '@') || !strchr(at + 1, '.') || strpbrk(s, " \t\r\n<>"))
        return false;
    return at[1] != '.' && s[strlen(s) - 1] != '.';
}

/* The form's own checks: trap, speed, fields. */
static enum cong_err check_comment(const struct document_comment_form *f, struct cong_error *err)
{
    enum cong_err rc;

    if (f->trap_filled)
        return cong_error_field(err, "website", CONG_EINVAL,
                                _("Không nhận được góp ý: ô ẩn của biểu mẫu đã bị điền, việc thường "
                                "do phần mềm tự động làm"));
    if (f->filled_s >= 0 && f->filled_s < DOCUMENT_COMMENT_MIN_FILL_S)
        return cong_error_field(err, "token", CONG_EINVAL,
                                _("Biểu mẫu được gửi quá nhanh. Vui lòng đọc lại góp ý rồi gửi lại."));
    if (!f->name || !*f->name)
        return cong_error_field(err, "name", CONG_EINVAL, _("Cần nhập họ và tên"));
    if (!f->email || !*f->email || !is_email(f->email) || strlen(f->email) > 200)
        return cong_error_field(err, "email", CONG_EINVAL, _("Địa chỉ thư điện tử không hợp lệ"));
    if (!f->body || !*f->body)
        return cong_error_field(err, "body", CONG_EINVAL, _("Cần nhập nội dung góp ý"));
    if (strlen(f->body) > DOCUMENT_COMMENT_MAX)
        return cong_error_field(err, "body", CONG_ETOOBIG, _("Nội dung góp ý dài quá %d byte"),
                                DOCUMENT_COMMENT_MAX);
    if ((rc = content_check_text(f->name, NAME_MAX_CHARS, "name", _("Họ và tên"), err)) ||
        (rc = content_check_text(f->email, 200, "email", _("Thư điện tử"), err)) ||
        (rc = content_check_text(f->body, DOCUMENT_COMMENT_MAX, "body", _("Nội dung góp ý"), err)))
        return rc;
    return CONG_OK;
}

enum cong_err content_document_comment(struct store *st, int64_t document_id,
                                       const struct document_comment_form *f, int64_t now,
                                       int64_t *id, struct cong_error *err)
{
    struct arena a;
    struct document d;
    struct document_comment c;
    size_t recent = 0;
    enum cong_err rc;

    *id = 0;
    arena_init(&a, 0);
    rc = store_get_document(st, &a, document_id, &d);
    if (rc == CONG_OK && !content_document_is_public(&d))
        rc = CONG_ENOTFOUND;
    if (rc == CONG_ENOTFOUND)
        cong_error_set(err, rc, _("Không có văn bản này"));
    if (rc != CONG_OK)
        goto out;
    if (!content_document_is_open(&d, now)) {
        rc = cong_error_set(err, CONG_ESTATE,
                            d.status == DOCUMENT_CONSULTATION
                                ? _("Đã hết thời hạn góp ý cho dự thảo này: không nhận thêm góp ý.")
                                : _("Văn bản này không lấy ý kiến góp ý."));
        goto out;
    }
    if ((rc = check_comment(f, err)) != CONG_OK)
        goto out;
    rc = store_count_document_comments_from(st, f->address, now - DOCUMENT_COMMENT_WINDOW_S,
                                            &recent);
    if (rc == CONG_OK && recent >= DOCUMENT_COMMENT_RATE) {
        rc = cong_error_set(err, CONG_EBUSY,
                            _("Bạn đã gửi nhiều góp ý trong thời gian ngắn. Vui lòng thử lại sau "
                            "ít phút."));
        goto out;
    }
    c = (struct document_comment){.document_id = document_id,
                                  .name = f->name,
                                  .email = f->email,
                                  .body = f->body,
                                  .address = f->address,
                                  .status = COMMENT_PENDING,
                                  .created_at = now};
    if (rc == CONG_OK)
        rc = store_add_document_comment(st, &c, id);
out:
    arena_release(&a);
    return rc;
}

enum cong_err content_document_moderate(struct store *st, const struct content_actor *who,
                                        int64_t id, enum document_comment_status status,
                                        int64_t now, struct cong_error *err)
{
    struct arena a;
    enum cong_err rc;

    if (!auth_role_at_least(who->role, AUTH_EDITOR))
        return cong_error_set(err, CONG_EPERM, _("Chỉ biên tập viên trở lên được duyệt góp ý"));
    rc = store_set_document_comment_status(st, id, status);
    if (rc == CONG_ENOTFOUND)
        return cong_error_set(err, rc, _("Không có góp ý này"));
    if (rc == CONG_OK) {
        arena_init(&a, 0);
        content_audit(st, who, now,
                      status == COMMENT_PUBLISHED ? "comment_published" : "comment_hidden",
                      arena_printf(&a, "#%lld", (long long)id), NULL);
        arena_release(&a);
    }
    return rc;
}

/* The usual kinds of a Vietnamese agency's documents, while a site has listed none. They are
   values a document keeps (its kind, the list's ?loai=), like the names a site lists itself,
   so they stay as they are whatever the page's language. */
static const char *const default_kinds[] = {
    N_("Luật"),     N_("Nghị định"), N_("Thông tư"), N_("Nghị quyết"), N_("Quyết định"), N_("Chỉ thị"),
    N_("Kế hoạch"), N_("Công văn"),  N_("Thông báo"), N_("Hướng dẫn"), N_("Báo cáo"),
};

enum cong_err content_document_names(struct store *st, struct arena *a, enum document_list which,
                                     const char ***out, size_t *n)
{
    const char *key = which == DOCUMENT_KINDS ? "document_kinds" : "document_issuers";
    const char **names;
    char *v = NULL;
    size_t cap = 1;
    enum cong_err rc;

    *out = NULL;
    *n = 0;
    if ((rc = store_get_setting(st, a, key, &v)) != CONG_OK)
        return rc;
    if (!v && which == DOCUMENT_KINDS) {
        *out = (const char **)default_kinds;
        *n = sizeof(default_kinds) / sizeof(default_kinds[0]);
        return CONG_OK;
    }
    for (const char *p = v ? v : ""; *p; p++)
        cap += *p == '\n';
    if (!(names = arena_alloc(a, cap * sizeof(*names))))
        return CONG_ENOMEM;
    for (const char *p = v ? v : ""; *p;) {
        size_t len = strcspn(p, "\n"), t = len;
        const char *name = text_trim(p, &t);
        if (t && !(names[(*n)++] = arena_strndup(a, name, t)))
            return CONG_ENOMEM;
        p += len + (p[len] == '\n');
    }
    *out = names;
    return CONG_OK;
}

/* text with "\r\n" as "\n", each line trimmed and blank ones dropped, in a. */
static const char *clean_lines(struct arena *a, const char *text)
{
    struct buf b;
    const char *out;

    buf_init(&b, 1 << 20);
    for (const char *p = text ? text : ""; *p;) {
        size_t len = strcspn(p, "\n"), t = len;
        const char *line = text_trim(p, &t);
        if (t) {
            if (b.len)
                buf_putc(&b, '\n');
            buf_add(&b, line, t);
        }
        p += len + (p[len] == '\n');
    }
    out = buf_error(&b) ? NULL : arena_strndup(a, b.data, b.len);
    buf_release(&b);
    return out;
}

enum cong_err content_document_lists_set(struct store *st, const struct content_actor *who,
                                         const char *kinds, const char *issuers,
                                         struct cong_error *err)
{
    struct arena a;
    const char *k, *i;
    enum cong_err rc;

    if (!auth_role_at_least(who->role, AUTH_ADMIN))
        return cong_error_set(err, CONG_EPERM, _("Chỉ quản trị viên mới sửa được các danh mục."));
    arena_init(&a, 0);
    k = clean_lines(&a, kinds);
    i = clean_lines(&a, issuers);
    rc = k && i ? content_setting_check("document_kinds", k, err) : CONG_ENOMEM;
    if (rc == CONG_OK)
        rc = content_setting_check("document_issuers", i, err);
    if (rc == CONG_EINVAL)
        cong_error_set(err, rc,
                       _("Mỗi danh mục có nhiều nhất 100 mục, mỗi dòng một mục, mỗi mục nhiều "
                       "nhất 200 ký tự."));
    if (rc == CONG_OK && (rc = store_set_setting(st, "document_kinds", k)) == CONG_OK)
        rc = store_set_setting(st, "document_issuers", i);
    if (rc == CONG_OK)
        content_audit(st, who, 0, "document_lists_changed", "document_kinds, document_issuers", NULL);
    else if (rc != CONG_EINVAL)
        cong_error_set(err, rc, _("Không lưu được danh mục: %s."), cong_strerror(rc));
    arena_release(&a);
    return rc;
}
