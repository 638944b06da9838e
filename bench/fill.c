/*
 * bench_fill: fills an empty portal with synthetic Vietnamese articles for the search
 * benchmark (bench/search.sh). Text is drawn from a fixed vocabulary with a Zipf-like
 * distribution, so a few words are in nearly every article and most are rare, as in real
 * news; a few percent of the articles are drafts or scheduled, which search must never show.
 * Articles go through the content module in batches (content_create_articles: one
 * transaction per batch), so they are indexed exactly as a real portal's would be. The
 * vocabulary is written out for the benchmark to draw its queries from. Deterministic: the
 * same seed gives the same portal.
 *
 * usage: bench_fill --db PATH --articles N [--seed S] [--vocab-out FILE]
 *        bench_fill --vocab-out FILE          (only writes the vocabulary)
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/content.h"
#include "core/core.h"
#include "store/store.h"

#define BATCH 500

/* Words and compounds of institutional news; the first ones are the most frequent. */
static const char *const vocab[] = {
    "của", "và", "các", "là", "được", "trong", "cho", "với", "có", "những", "đã", "một",
    "người", "này", "về", "theo", "để", "từ", "khi", "đến", "tại", "năm", "ngày", "cũng",
    "cán bộ", "đảng viên", "công tác", "nhà trường", "học viên", "đồng chí", "hội nghị",
    "tỉnh", "đào tạo", "bồi dưỡng", "chi bộ", "Đảng bộ", "nhiệm vụ", "thực hiện", "chính trị",
    "phát triển", "nâng cao", "chất lượng", "kế hoạch", "triển khai", "lãnh đạo", "tổ chức",
    "giảng viên", "nghiên cứu", "khoa học", "lý luận", "chuyên đề", "nghị quyết", "học tập",
    "tư tưởng", "đạo đức", "phong cách", "Hồ Chí Minh", "quán triệt", "kết quả", "đánh giá",
    "kiểm tra", "giám sát", "cơ sở", "địa phương", "huyện", "xã", "phường", "thị trấn",
    "nhân dân", "kinh tế", "xã hội", "văn hóa", "giáo dục", "y tế", "an ninh", "quốc phòng",
    "chuyển đổi số", "cải cách hành chính", "dân chủ", "kỷ luật", "kỷ cương", "đoàn kết",
    "thanh niên", "công đoàn", "phụ nữ", "cựu chiến binh", "mặt trận", "tổ quốc", "hội thảo",
    "tọa đàm", "khai giảng", "bế mạc", "tốt nghiệp", "trao bằng", "lớp", "trung cấp",
    "cao cấp", "chức danh", "quản lý nhà nước", "pháp luật", "hiến pháp", "bầu cử",
    "đại hội", "nhiệm kỳ", "báo cáo", "tổng kết", "sơ kết", "phương hướng", "giải pháp",
    "đề án", "đề tài", "sáng kiến", "thi đua", "khen thưởng", "bằng khen", "giấy khen",
    "danh hiệu", "tập thể", "cá nhân", "tiêu biểu", "xuất sắc", "gương mẫu", "tiền phong",
    "nêu gương", "trách nhiệm", "người đứng đầu", "cấp ủy", "ban thường vụ", "ủy ban",
    "hội đồng nhân dân", "sở", "ban", "ngành", "đoàn thể", "cơ quan", "đơn vị", "khoa",
    "phòng", "thư viện", "tài liệu", "giáo trình", "bài giảng", "phương pháp", "tích cực",
    "hiệu quả", "đổi mới", "sáng tạo", "thực tiễn", "lý thuyết", "kinh nghiệm", "bài học",
    "tham quan", "thực tế", "khảo sát", "điều tra", "số liệu", "thống kê", "tăng trưởng",
    "nông nghiệp", "công nghiệp", "dịch vụ", "du lịch", "môi trường", "biến đổi khí hậu",
    "nông thôn mới", "đô thị", "giao thông", "hạ tầng", "đầu tư", "ngân sách", "tài chính",
    "thuế", "doanh nghiệp", "hợp tác xã", "việc làm", "an sinh", "giảm nghèo", "bảo hiểm",
    "sức khỏe", "dịch bệnh", "phòng chống", "tham nhũng", "tiêu cực", "lãng phí", "thực hành",
    "tiết kiệm", "minh bạch", "công khai", "tiếp công dân", "khiếu nại", "tố cáo", "hòa giải",
    "biên giới", "biển đảo", "chủ quyền", "hội nhập", "quốc tế", "đối ngoại", "hữu nghị",
    "truyền thống", "lịch sử", "di tích", "lễ hội", "kỷ niệm", "thành lập", "ngày truyền thống",
    "tri ân", "thương binh", "liệt sĩ", "gia đình chính sách", "mẹ Việt Nam anh hùng",
    "học bổng", "sinh viên", "thi", "kiểm định", "chuẩn", "quy chế", "quy định", "hướng dẫn",
    "thông báo", "lịch", "tuyển sinh", "hồ sơ", "đăng ký", "thời gian", "địa điểm",
    "văn phòng", "hành chính", "tổ chức cán bộ", "quản lý đào tạo", "nghiên cứu khoa học",
    "xây dựng Đảng", "dân vận", "tuyên giáo", "kiểm tra Đảng", "bảo vệ nền tảng tư tưởng",
    "đấu tranh", "phản bác", "quan điểm sai trái", "thù địch", "mạng xã hội", "thông tin",
    "báo chí", "truyền thông", "cổng thông tin", "số hóa", "dữ liệu", "phần mềm", "trực tuyến",
    "họp", "làm việc", "tiếp", "đoàn công tác", "chúc mừng", "thăm", "tặng quà", "trao",
    "Sông Hồng", "Bắc Giang", "Quảng Ninh", "Hà Nội", "Thanh Hóa", "Nghệ An", "Đà Nẵng",
    "Cần Thơ", "Tây Nguyên", "đồng bằng", "miền núi", "dân tộc thiểu số", "vùng sâu",
    "Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Châu", "Phạm Quốc Dũng", "Hoàng Thu Hà",
    "Vũ Đức Thắng", "Đỗ Minh Khôi", "Bùi Thị Lan Anh", "Đặng Văn Long", "Ngô Thị Mai",
    "ký kết", "thỏa thuận", "phối hợp", "liên kết", "chương trình", "dự án", "nguồn vốn",
    "nghiệm thu", "bàn giao", "khánh thành", "khởi công", "công trình", "trụ sở", "hội trường",
    "ký túc xá", "căng tin", "sân thể thao", "văn nghệ", "thể dục thể thao", "giải bóng đá",
    "hiến máu", "tình nguyện", "từ thiện", "nhân đạo", "ủng hộ", "bão lũ", "khắc phục",
    "quyết định", "bổ nhiệm", "điều động", "luân chuyển", "nghỉ hưu", "tiếp nhận", "chia tay",
    "quy hoạch", "đề bạt", "nhận xét", "xếp loại", "hoàn thành tốt", "hạn chế", "khuyết điểm",
    "tự phê bình", "phê bình", "sinh hoạt", "định kỳ", "kết nạp", "chính thức", "dự bị",
    "huy hiệu", "tuổi Đảng", "trao tặng", "vinh dự", "tự hào", "phấn khởi", "quyết tâm",
    "mục tiêu", "chỉ tiêu", "vượt", "đạt", "tăng", "giảm", "so với", "cùng kỳ", "trên",
    "dưới", "hơn", "gần", "khoảng", "toàn bộ", "tất cả", "mỗi", "từng", "nhiều", "ít",
};
#define NVOCAB (sizeof(vocab) / sizeof(vocab[0]))

static const char *const categories[][2] = {
    {"tin-tuc-su-kien", "Tin tức - Sự kiện"},   {"dao-tao-boi-duong", "Đào tạo - Bồi dưỡng"},
    {"nghien-cuu-khoa-hoc", "Nghiên cứu khoa học"}, {"xay-dung-dang", "Công tác xây dựng Đảng"},
    {"doan-the", "Hoạt động đoàn thể"},          {"thong-bao", "Thông báo"},
    {"chuyen-doi-so", "Chuyển đổi số"},          {"guong-dien-hinh", "Gương điển hình"},
};
#define NCATS (sizeof(categories) / sizeof(categories[0]))

static uint64_t rng_state = 88172645463325252ull;

static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* Cumulative weights 1/(r+1)^0.95: a Zipf-like draw over the vocabulary. */
static double cumul[NVOCAB];

static size_t draw_word(void)
{
    double x = (double)(rng() % 1000000000ull) / 1e9 * cumul[NVOCAB - 1];
    size_t lo = 0, hi = NVOCAB - 1;

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cumul[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Appends n words as a sentence: capital first letter is left as written, ends with '.'. */
static void sentence(struct buf *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            buf_putc(b, (rng() % 11 == 0) ? ',' : ' ');
        if (b->len && b->data[b->len - 1] == ',')
            buf_putc(b, ' ');
        buf_puts(b, vocab[draw_word()]);
        if (rng() % 40 == 0)
            buf_printf(b, " %u", (unsigned)(rng() % 2030));
    }
    buf_putc(b, '.');
}

static void usage(void)
{
    fprintf(stderr, "usage: bench_fill --db PATH --articles N [--seed S] [--vocab-out FILE]\n");
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},        {"articles", required_argument, NULL, 'n'},
        {"seed", required_argument, NULL, 's'},      {"vocab-out", required_argument, NULL, 'v'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL, *vocab_out = NULL;
    int64_t total = 0, seed = 1, now = time_now(), ids[BATCH];
    struct article_input in[BATCH];
    struct buf title[BATCH], summary[BATCH], body[BATCH];
    struct cong_error err = {0};
    struct store *st = NULL;
    double w = 0;
    int c, status = 1;

    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'n':
            if (!text_parse_i64(optarg, strlen(optarg), &total) || total < 1 || total > 10000000) {
                usage();
                return 2;
            }
            break;
        case 's':
            if (!text_parse_i64(optarg, strlen(optarg), &seed)) {
                usage();
                return 2;
            }
            break;
        case 'v': vocab_out = optarg; break;
        default: usage(); return 2;
        }
    }
    if ((!db || !total) && !vocab_out) {
        usage();
        return 2;
    }
    rng_state ^= (uint64_t)seed * 0x9E3779B97F4A7C15ull;
    for (size_t i = 0; i < NVOCAB; i++) {
        w += pow((double)(i + 1), -0.95);
        cumul[i] = w;
    }
    if (vocab_out) {
        FILE *f = fopen(vocab_out, "w");
        if (!f) {
            fprintf(stderr, "bench_fill: cannot write '%s'\n", vocab_out);
            return 1;
        }
        for (size_t i = 0; i < NVOCAB; i++)
            fprintf(f, "%s\n", vocab[i]);
        if (fclose(f) != 0)
            return 1;
        if (!db)
            return 0;
    }
    for (size_t i = 0; i < BATCH; i++) {
        buf_init(&title[i], 0);
        buf_init(&summary[i], 0);
        buf_init(&body[i], 0);
    }
    if (store_open(db, 0, &st, &err) != CONG_OK) {
        fprintf(stderr, "bench_fill: %s\n", err.msg);
        goto out;
    }
    for (size_t i = 0; i < NCATS; i++) {
        struct category cat = {.position = (int)i + 1, .slug = categories[i][0],
                               .name = categories[i][1]};
        int64_t id;
        enum cong_err rc = store_add_category(st, &cat, &id);
        if (rc != CONG_OK && rc != CONG_EEXIST) {
            fprintf(stderr, "bench_fill: cannot add category: %s\n", cong_strerror(rc));
            goto out;
        }
    }
    for (int64_t done = 0; done < total;) {
        size_t n = total - done < BATCH ? (size_t)(total - done) : BATCH;
        for (size_t i = 0; i < n; i++) {
            uint64_t kind = rng() % 100;
            buf_reset(&title[i]);
            buf_reset(&summary[i]);
            buf_reset(&body[i]);
            sentence(&title[i], 6 + rng() % 8);
            title[i].data[--title[i].len] = '\0'; /* no full stop in a title */
            sentence(&summary[i], 20 + rng() % 20);
            for (unsigned p = 0, np = 4 + rng() % 4; p < np; p++) {
                for (unsigned s = 0, ns = 2 + rng() % 3; s < ns; s++) {
                    sentence(&body[i], 10 + rng() % 20);
                    buf_putc(&body[i], ' ');
                }
                buf_puts(&body[i], "\n\n");
            }
            if (buf_error(&title[i]) || buf_error(&summary[i]) || buf_error(&body[i])) {
                fprintf(stderr, "bench_fill: out of memory\n");
                goto out;
            }
            in[i] = (struct article_input){
                .title = title[i].data,
                .summary = summary[i].data,
                .body_md = body[i].data,
                .category_slug = categories[rng() % NCATS][0],
                .author = vocab[NVOCAB - 1 - rng() % 40],
                /* over the last five years, oldest ids first as on a real portal */
                .published_at = now - (total - done - (int64_t)i) * (5 * 365 * 86400 / total) - 60,
                .status = kind < 3 ? ARTICLE_DRAFT : ARTICLE_PUBLISHED,
            };
            if (kind == 3)
                in[i].published_at = now + 30 * 86400; /* scheduled */
        }
        if (content_create_articles(st, in, n, now, ids, &err) != CONG_OK) {
            fprintf(stderr, "bench_fill: %s\n", err.msg);
            goto out;
        }
        done += (int64_t)n;
        if (done % 10000 == 0 || done == total) {
            fprintf(stderr, "\rbench_fill: %lld / %lld articles", (long long)done,
                    (long long)total);
        }
    }
    fprintf(stderr, "\n");
    status = 0;
out:
    for (size_t i = 0; i < BATCH; i++) {
        buf_release(&title[i]);
        buf_release(&summary[i]);
        buf_release(&body[i]);
    }
    store_free(st);
    return status;
}
