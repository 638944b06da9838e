/*
 * The demo portal's documents (văn bản): a few decisions, plans and notices of the school and
 * the province, each with a small PDF made here (one page of text, so search can read it),
 * and one draft open for the public's comments, with two comments already published. Written
 * through the content module, as an editor's would be.
 */
#include <stdio.h>
#include <string.h>

#include "../content/documents.h"
#include "demo.h"

struct demo_document {
    const char *number; /* "%d" becomes the year it was issued */
    const char *file;   /* the PDF's name, as an office would save it */
    const char *kind, *issuer, *field, *signer;
    int days_ago;       /* issued then; effective a week later */
    const char *title;
    const char *text[6]; /* the PDF's lines (ASCII: the base fonts have no Vietnamese) */
};

static const struct demo_document documents[] = {
    {"12/%d/QĐ-UBND", "quyet-dinh-12-QD-UBND.pdf", "Quyết định", "Ủy ban nhân dân tỉnh Sông Hồng", "Phòng, chống thiên tai",
     "Nguyễn Văn Hòa", 40,
     "Quyết định ban hành Kế hoạch phòng, chống thiên tai và tìm kiếm cứu nạn tỉnh Sông Hồng",
     {"UY BAN NHAN DAN TINH SONG HONG", "QUYET DINH",
      "Ban hanh Ke hoach phong, chong thien tai va tim kiem cuu nan",
      "Cac so, ban, nganh va Uy ban nhan dan cac huyen to chuc dien tap",
      "truoc mua mua bao; kiem tra de dieu, ho dap va khu dan cu ven song.", NULL}},
    {"45/KH-TCT", "ke-hoach-45-KH-TCT.pdf", "Kế hoạch", "Trường Chính trị tỉnh Sông Hồng", "Đào tạo, bồi dưỡng",
     "Trần Thị Minh Thu", 25,
     "Kế hoạch bồi dưỡng kiến thức quản lý nhà nước cho cán bộ, công chức cấp xã",
     {"TRUONG CHINH TRI TINH SONG HONG", "KE HOACH",
      "Boi duong kien thuc quan ly nha nuoc cho can bo, cong chuc cap xa",
      "Moi lop 60 hoc vien, hoc tap trung 4 tuan tai co so 2 cua Truong.",
      "Hoc vien duoc cap chung chi sau khi hoan thanh bai kiem tra cuoi khoa.", NULL}},
    {"08/%d/NQ-HĐND", "nghi-quyet-08-NQ-HDND.pdf", "Nghị quyết", "Hội đồng nhân dân tỉnh Sông Hồng", "Tài chính",
     "Lê Quang Vinh", 120,
     "Nghị quyết quy định mức chi hỗ trợ học viên các lớp trung cấp lý luận chính trị",
     {"HOI DONG NHAN DAN TINH SONG HONG", "NGHI QUYET",
      "Quy dinh muc chi ho tro hoc vien cac lop trung cap ly luan chinh tri",
      "Hoc vien o xa tren 15 km duoc ho tro tien di lai va tien o.", NULL}},
    {"215/TB-TCT", "thong-bao-215-TB-TCT.pdf", "Thông báo", "Trường Chính trị tỉnh Sông Hồng", "Đào tạo, bồi dưỡng",
     "Trần Thị Minh Thu", 10,
     "Thông báo tuyển sinh lớp Trung cấp lý luận chính trị - hành chính hệ không tập trung",
     {"TRUONG CHINH TRI TINH SONG HONG", "THONG BAO TUYEN SINH",
      "Lop Trung cap ly luan chinh tri - hanh chinh he khong tap trung",
      "Ho so nop tai Phong Quan ly dao tao truoc ngay cuoi thang.", NULL}},
    {"30/HD-TCT", "huong-dan-30-HD-TCT.pdf", "Hướng dẫn", "Trường Chính trị tỉnh Sông Hồng", "Đào tạo, bồi dưỡng",
     "Phạm Đức Long", 400,
     "Hướng dẫn viết và bảo vệ tiểu luận cuối khóa lớp bồi dưỡng kết hợp",
     {"TRUONG CHINH TRI TINH SONG HONG", "HUONG DAN",
      "Viet va bao ve tieu luan cuoi khoa",
      "Tieu luan dai tu 15 den 20 trang, trinh bay theo mau cua Truong.", NULL}},
};

/* The draft in consultation: its comments close this many days from now. */
#define DRAFT_DAYS_LEFT 20

static const struct demo_document draft = {
    "…/QĐ-TCT (dự thảo)", "du-thao-quy-che-dao-tao.pdf", "Quyết định",
    "Trường Chính trị tỉnh Sông Hồng", "Đào tạo, bồi dưỡng", "", 3, "Dự thảo Quy chế đào tạo, bồi dưỡng của Trường Chính trị tỉnh Sông Hồng",
    {"TRUONG CHINH TRI TINH SONG HONG", "DU THAO QUY CHE DAO TAO, BOI DUONG",
     "Chuong I: Quy dinh chung. Chuong II: To chuc lop hoc.",
     "Chuong III: Danh gia ket qua hoc tap. Chuong IV: Khen thuong, ky luat.", NULL},
};

static const struct {
    const char *name, *email, *body, *address;
} draft_comments[] = {
    {"Hoàng Văn Sơn", "son.hv@example.vn",
     "Đề nghị bổ sung quy định cho học viên được học bù khi vắng mặt vì lý do công tác đột xuất.",
     "192.0.2.11"},
    {"Đỗ Thị Lan", "lan.dt@example.vn",
     "Điều về đánh giá kết quả nên công bố thang điểm rõ ràng ngay từ đầu khóa học.",
     "192.0.2.12"},
};

/* Appends a one-page PDF of lines to b (offsets in its cross-reference table exact). */
static void pdf_make(struct buf *b, const char *const *lines)
{
    struct buf content;
    size_t off[6];

    buf_init(&content, 0);
    buf_puts(&content, "BT /F1 12 Tf 72 770 Td 18 TL\n");
    for (size_t i = 0; i < 6 && lines[i]; i++) {
        buf_putc(&content, '(');
        for (const char *p = lines[i]; *p; p++) {
            if (*p == '(' || *p == ')' || *p == '\\')
                buf_putc(&content, '\\');
            buf_putc(&content, *p);
        }
        buf_puts(&content, ") Tj T*\n");
    }
    buf_puts(&content, "ET\n");
    buf_puts(b, "%PDF-1.4\n");
    off[1] = b->len;
    buf_puts(b, "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
    off[2] = b->len;
    buf_puts(b, "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n");
    off[3] = b->len;
    buf_puts(b, "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources"
                " << /Font << /F1 4 0 R >> >> /Contents 5 0 R >> endobj\n");
    off[4] = b->len;
    buf_puts(b, "4 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica"
                " /Encoding /WinAnsiEncoding >> endobj\n");
    off[5] = b->len;
    buf_printf(b, "5 0 obj << /Length %zu >> stream\n", content.len);
    buf_add(b, content.data, content.len);
    buf_puts(b, "endstream endobj\n");
    off[0] = b->len;
    buf_puts(b, "xref\n0 6\n0000000000 65535 f \n");
    for (size_t i = 1; i < 6; i++)
        buf_printf(b, "%010zu 00000 n \n", off[i]);
    buf_printf(b, "trailer << /Size 6 /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", off[0]);
    buf_release(&content);
}

/* "YYYY-MM-DD" of the day days before now (UTC+7, the demo's zone), into out. */
static void day_of(int64_t now, int days_ago, char out[32], int *year)
{
    int64_t z = (now + 7 * 3600) / 86400 - days_ago + 719468, era, doe, yoe, y, doy, mp, d, m;

    /* civil from days (H. Hinnant's algorithm), so no gmtime is needed */
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    *year = (int)y;
    snprintf(out, 32, "%04d-%02d-%02d", (int)y % 10000, (int)m, (int)d);
}

/* Adds x with its PDF; status and the closing time of a consultation as given. */
static enum cong_err add_one(struct store *st, const struct content_actor *who,
                             const struct demo_document *x, enum document_status status,
                             int64_t until, int64_t now, int64_t *id, struct cong_error *err)
{
    char issued[32], effective[32], number[128];
    struct document d = {0};
    struct buf pdf;
    const char *mark;
    int64_t media = 0;
    int year, k;
    enum cong_err rc;

    day_of(now, x->days_ago, issued, &year);
    day_of(now, x->days_ago - 7, effective, &k);
    /* the number names the year of issue, as real ones do */
    if ((mark = strstr(x->number, "%d")))
        k = snprintf(number, sizeof(number), "%.*s%d%s", (int)(mark - x->number), x->number,
                     year, mark + 2);
    else
        k = snprintf(number, sizeof(number), "%s", x->number);
    if (k < 0 || (size_t)k >= sizeof(number))
        return cong_error_set(err, CONG_EINVAL, "demo document number too long");
    buf_init(&pdf, 0);
    pdf_make(&pdf, x->text);
    rc = buf_error(&pdf);
    if (rc == CONG_OK)
        rc = content_document_add_file(st, who, pdf.data, pdf.len, x->file, 0, &media, err);
    buf_release(&pdf);
    if (rc != CONG_OK)
        return rc;
    d.number = number;
    d.title = x->title;
    d.kind = x->kind;
    d.issuer = x->issuer;
    d.field = x->field;
    d.signer = x->signer;
    d.issued_on = status == DOCUMENT_CONSULTATION ? "" : issued;
    d.effective_on = status == DOCUMENT_CONSULTATION ? "" : effective;
    d.status = status;
    d.consultation_until = until;
    return content_document_save(st, who, &d, &media, 1, true, now, id, err);
}

enum cong_err demo_documents(struct store *st, int64_t now, struct cong_error *err)
{
    struct content_actor who = {.user_id = 0, .name = "demo", .role = AUTH_ADMIN, .ip = ""};
    enum cong_err rc = CONG_OK;
    int64_t id, cid;

    for (size_t i = 0; rc == CONG_OK && i < sizeof(documents) / sizeof(documents[0]); i++)
        rc = add_one(st, &who, &documents[i], DOCUMENT_PUBLISHED, 0, now - 60, &id, err);
    if (rc == CONG_OK)
        rc = add_one(st, &who, &draft, DOCUMENT_CONSULTATION,
                     now + DRAFT_DAYS_LEFT * 86400, now - 60, &id, err);
    for (size_t i = 0; rc == CONG_OK && i < sizeof(draft_comments) / sizeof(draft_comments[0]);
         i++) {
        struct document_comment_form f = {.name = draft_comments[i].name,
                                          .email = draft_comments[i].email,
                                          .body = draft_comments[i].body,
                                          .address = draft_comments[i].address,
                                          .filled_s = -1};
        rc = content_document_comment(st, id, &f, now - 30, &cid, err);
        if (rc == CONG_OK)
            rc = content_document_moderate(st, &who, cid, COMMENT_PUBLISHED, now - 30, err);
    }
    /* the PDFs' text now, so search finds it from the first start */
    if (rc == CONG_OK)
        rc = content_documents_index(st, 64, NULL);
    return rc;
}
