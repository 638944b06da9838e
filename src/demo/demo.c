/*
 * The demo portal's writer. It puts the sample content of demo_data.c into an empty portal:
 * settings and categories through the store, covers and articles through the content module
 * (so slugs and HTML are made exactly as for an editor's work). Each cover is painted here, a
 * small landscape with a school building or gate in its category's colours, and encoded as
 * JPEG by libvips; it depends only on the article's place in the data, so every run makes the
 * same bytes. It must never change a portal that already has articles.
 */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <vips/vips.h>

#include "../content/content.h"
#include "demo.h"
#include "demo_int.h"

#define COVER_W 1200
#define COVER_H 675
#define COVER_SS 2 /* painted at twice the size, then each 2x2 block averaged: smooth edges */
#define COVER_QUALITY 78
#define COVER_MAX_BYTES ((size_t)4 << 20)
#define GROUND_Y 522.0 /* where the buildings stand, in cover pixels */

/*
 * The demo writes the time zone Asia/Ho_Chi_Minh, which has been UTC+7 without daylight
 * saving since 1975, so the dates in its prose are computed with that fixed offset rather
 * than through the process's zone, which the caller may not have set yet.
 */
#define DEMO_TZ_OFFSET (7 * 3600)

/* Text. */

/* Days since 1970-01-01 to a civil date (H. Hinnant's algorithm, proleptic Gregorian). */
static void civil_from_days(int64_t z, int *year, int *month, int *day)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);

    *day = (int)(doy - (153 * mp + 2) / 5 + 1);
    *month = m;
    *year = (int)(yoe + era * 400 + (m <= 2));
}

static int64_t floor_div(int64_t a, int64_t b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/*
 * Appends s with its date marks (see demo_int.h) filled from day, the local day of
 * publication counted from the epoch.
 */
static void expand_marks(struct buf *out, const char *s, int64_t day)
{
    static const char *const roman[] = {"I", "II", "III", "IV"};
    int y, m, d;

    civil_from_days(day, &y, &m, &d);
    while (*s) {
        const char *brace = strchr(s, '{');
        if (!brace) {
            buf_puts(out, s);
            return;
        }
        buf_add(out, s, (size_t)(brace - s));
        s = brace;
        if (strncmp(s, "{y}", 3) == 0) {
            buf_printf(out, "%d", y);
            s += 3;
        } else if (strncmp(s, "{q}", 3) == 0) {
            buf_printf(out, "%s/%d", roman[(m - 1) / 3], y);
            s += 3;
        } else if (strncmp(s, "{nh}", 4) == 0) {
            int first = m >= 9 ? y : y - 1;
            buf_printf(out, "%d - %d", first, first + 1);
            s += 4;
        } else if (strncmp(s, "{d}", 3) == 0 || strncmp(s, "{d+", 3) == 0 ||
                   strncmp(s, "{d-", 3) == 0) {
            int64_t shift = 0;
            const char *p = s + 2;
            if (*p != '}') {
                const char *digits = p + 1;
                const char *end = strchr(digits, '}');
                if (!end || !text_parse_i64(digits, (size_t)(end - digits), &shift)) {
                    buf_putc(out, '{');
                    s++;
                    continue;
                }
                if (*p == '-')
                    shift = -shift;
                p = end;
            }
            int dy, dm, dd;
            civil_from_days(day + shift, &dy, &dm, &dd);
            buf_printf(out, "%d/%d/%d", dd, dm, dy);
            s = p + 1;
        } else {
            buf_putc(out, '{');
            s++;
        }
    }
}

/* Covers. */

struct colour {
    double r, g, b;
};

struct palette {
    struct colour sky_top, sky_low, sun, cloud, far, near, ground, wall, trim, window, roof;
};

#define C(r, g, b) {r, g, b}

/* One per category, in the order of demo_categories; more categories reuse them in turn. */
static const struct palette palettes[] = {
    /* clear morning */
    {C(78, 140, 210), C(246, 222, 186), C(255, 244, 214), C(255, 255, 255), C(146, 172, 200),
     C(88, 138, 118), C(118, 164, 96), C(238, 204, 120), C(250, 244, 230), C(84, 96, 120),
     C(150, 64, 48)},
    /* fresh teal */
    {C(58, 152, 168), C(230, 240, 214), C(255, 250, 222), C(255, 255, 250), C(128, 182, 176),
     C(70, 130, 110), C(112, 168, 110), C(240, 214, 150), C(252, 248, 236), C(60, 92, 100),
     C(136, 72, 52)},
    /* dusk, lamps lit */
    {C(52, 60, 120), C(236, 176, 170), C(255, 214, 170), C(246, 206, 210), C(112, 104, 150),
     C(66, 70, 110), C(76, 96, 100), C(214, 190, 170), C(240, 228, 220), C(255, 214, 140),
     C(96, 52, 60)},
    /* red and gold sunrise */
    {C(190, 80, 68), C(255, 214, 140), C(255, 240, 190), C(255, 226, 200), C(206, 138, 110),
     C(150, 90, 70), C(140, 124, 72), C(246, 210, 130), C(255, 246, 226), C(120, 70, 60),
     C(160, 52, 40)},
    /* bright youth blue */
    {C(40, 150, 220), C(210, 240, 240), C(255, 250, 210), C(255, 255, 255), C(120, 190, 200),
     C(60, 160, 100), C(110, 190, 90), C(250, 220, 110), C(255, 255, 245), C(50, 110, 150),
     C(30, 110, 170)},
    /* calm grey-blue */
    {C(120, 140, 170), C(240, 232, 214), C(255, 248, 230), C(250, 250, 248), C(160, 170, 180),
     C(110, 128, 130), C(150, 160, 120), C(226, 214, 190), C(248, 246, 240), C(90, 100, 115),
     C(120, 80, 70)},
    /* golden afternoon */
    {C(110, 150, 190), C(255, 224, 160), C(255, 236, 180), C(255, 246, 226), C(170, 160, 150),
     C(120, 110, 80), C(150, 140, 80), C(236, 196, 140), C(250, 240, 220), C(92, 80, 70),
     C(140, 60, 40)},
};

#undef C

static const struct colour flag_red = {218, 37, 29};
static const struct colour flag_star = {255, 214, 0};
static const struct colour trunk_brown = {96, 72, 52};

static struct colour mix(struct colour a, struct colour b, double t)
{
    return (struct colour){a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t};
}

static struct colour shade(struct colour a, double k)
{
    return (struct colour){a.r * k, a.g * k, a.b * k};
}

/* A deterministic generator (splitmix64), so a cover depends on its seed alone. */
static double rnd(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    z ^= z >> 31;
    return (double)(z >> 11) / 9007199254740992.0;
}

static double rnd_range(uint64_t *state, double lo, double hi)
{
    return lo + (hi - lo) * rnd(state);
}

/*
 * The painting surface, COVER_SS times the cover in each direction. Every drawing call takes
 * cover coordinates (0..COVER_W, 0..COVER_H) and tests the centre of each fine pixel.
 */
struct canvas {
    int w, h;
    unsigned char *px; /* w * h * 3, RGB */
};

static void blend(unsigned char *p, struct colour c, double alpha)
{
    double v[3] = {c.r, c.g, c.b};

    for (int i = 0; i < 3; i++) {
        double x = alpha >= 1 ? v[i] : p[i] + (v[i] - p[i]) * alpha;
        p[i] = (unsigned char)(x < 0 ? 0 : x > 255 ? 255 : x + 0.5);
    }
}

/* The fine pixels whose centres lie in [lo, hi) of cover coordinates, clipped to n. */
static void span(double lo, double hi, int n, int *first, int *end)
{
    double a = ceil(lo * COVER_SS - 0.5);
    double b = ceil(hi * COVER_SS - 0.5);

    *first = a < 0 ? 0 : a > n ? n : (int)a;
    *end = b < 0 ? 0 : b > n ? n : (int)b;
}

static double centre(int i)
{
    return (i + 0.5) / COVER_SS;
}

static void fill_rect(struct canvas *cv, double x0, double y0, double x1, double y1,
                      struct colour c, double alpha)
{
    int i0, i1, j0, j1;

    span(x0, x1, cv->w, &i0, &i1);
    span(y0, y1, cv->h, &j0, &j1);
    for (int j = j0; j < j1; j++) {
        for (int i = i0; i < i1; i++)
            blend(cv->px + ((size_t)j * cv->w + i) * 3, c, alpha);
    }
}

/* A vertical gradient over the whole width, from c0 at y0 to c1 at y1, eased. */
static void fill_vgradient(struct canvas *cv, double y0, double y1, struct colour c0,
                           struct colour c1)
{
    int j0, j1;

    span(y0, y1, cv->h, &j0, &j1);
    for (int j = j0; j < j1; j++) {
        double t = (centre(j) - y0) / (y1 - y0);
        struct colour c = mix(c0, c1, pow(t, 1.35));
        for (int i = 0; i < cv->w; i++)
            blend(cv->px + ((size_t)j * cv->w + i) * 3, c, 1.0);
    }
}

static double smoothstep(double lo, double hi, double x)
{
    double t = (x - lo) / (hi - lo);

    t = t < 0 ? 0 : t > 1 ? 1 : t;
    return t * t * (3 - 2 * t);
}

/* An ellipse whose edge fades over the outer fraction soft of its radius (0: a hard edge). */
static void fill_ellipse(struct canvas *cv, double cx, double cy, double rx, double ry,
                         struct colour c, double alpha, double soft)
{
    int i0, i1, j0, j1;

    span(cx - rx, cx + rx, cv->w, &i0, &i1);
    span(cy - ry, cy + ry, cv->h, &j0, &j1);
    for (int j = j0; j < j1; j++) {
        double dy = (centre(j) - cy) / ry;
        for (int i = i0; i < i1; i++) {
            double dx = (centre(i) - cx) / rx;
            double d = sqrt(dx * dx + dy * dy);
            double a = soft > 0 ? alpha * (1 - smoothstep(1 - soft, 1, d)) : d < 1 ? alpha : 0;
            if (a > 0)
                blend(cv->px + ((size_t)j * cv->w + i) * 3, c, a);
        }
    }
}

static void fill_circle(struct canvas *cv, double cx, double cy, double r, struct colour c)
{
    fill_ellipse(cv, cx, cy, r, r, c, 1.0, 0);
}

/* A light that fades as a Gaussian of the distance from its centre. */
static void fill_glow(struct canvas *cv, double cx, double cy, double r, struct colour c,
                      double strength)
{
    int i0, i1, j0, j1;

    span(cx - 3 * r, cx + 3 * r, cv->w, &i0, &i1);
    span(cy - 3 * r, cy + 3 * r, cv->h, &j0, &j1);
    for (int j = j0; j < j1; j++) {
        double dy = (centre(j) - cy) / r;
        for (int i = i0; i < i1; i++) {
            double dx = (centre(i) - cx) / r;
            blend(cv->px + ((size_t)j * cv->w + i) * 3, c, strength * exp(-(dx * dx + dy * dy)));
        }
    }
}

/* Any simple polygon of n points (x, y pairs), by the crossing rule. */
static void fill_poly(struct canvas *cv, const double *pt, int n, struct colour c, double alpha)
{
    double x0 = pt[0], x1 = pt[0], y0 = pt[1], y1 = pt[1];
    int i0, i1, j0, j1;

    for (int k = 1; k < n; k++) {
        x0 = fmin(x0, pt[2 * k]);
        x1 = fmax(x1, pt[2 * k]);
        y0 = fmin(y0, pt[2 * k + 1]);
        y1 = fmax(y1, pt[2 * k + 1]);
    }
    span(x0, x1, cv->w, &i0, &i1);
    span(y0, y1, cv->h, &j0, &j1);
    for (int j = j0; j < j1; j++) {
        double y = centre(j);
        for (int i = i0; i < i1; i++) {
            double x = centre(i);
            bool inside = false;
            for (int k = 0, l = n - 1; k < n; l = k++) {
                double xk = pt[2 * k], yk = pt[2 * k + 1], xl = pt[2 * l], yl = pt[2 * l + 1];
                if ((yk > y) != (yl > y) && x < xk + (y - yk) * (xl - xk) / (yl - yk))
                    inside = !inside;
            }
            if (inside)
                blend(cv->px + ((size_t)j * cv->w + i) * 3, c, alpha);
        }
    }
}

static void fill_tri(struct canvas *cv, double ax, double ay, double bx, double by, double qx,
                     double qy, struct colour c)
{
    double pt[6] = {ax, ay, bx, by, qx, qy};

    fill_poly(cv, pt, 3, c, 1.0);
}

/* A range of hills: everything below a sum of two waves, down to the bottom edge. */
static void fill_ridge(struct canvas *cv, double base, const double wave[6], struct colour c)
{
    for (int i = 0; i < cv->w; i++) {
        double x = centre(i);
        double top = base + wave[0] * sin(x * wave[1] + wave[2]) + wave[3] * sin(x * wave[4] + wave[5]);
        int j0, j1;
        span(top, COVER_H, cv->h, &j0, &j1);
        for (int j = j0; j < j1; j++)
            blend(cv->px + ((size_t)j * cv->w + i) * 3, c, 1.0);
    }
}

static void draw_star(struct canvas *cv, double cx, double cy, double r, struct colour c)
{
    double pt[20];

    for (int k = 0; k < 10; k++) {
        double a = -M_PI / 2 + k * M_PI / 5;
        double rr = k % 2 ? r * 0.382 : r;
        pt[2 * k] = cx + rr * cos(a);
        pt[2 * k + 1] = cy + rr * sin(a);
    }
    fill_poly(cv, pt, 10, c, 1.0);
}

#define FLAG_STEPS 12

/* A pole standing on base at x, and a red flag with a gold star waving from its top. */
static void draw_flag(struct canvas *cv, double x, double base, double pole, double phase,
                      struct colour pole_colour)
{
    double top = base - pole, w = 84, h = 56, amp = 4;
    double pt[2 * 2 * (FLAG_STEPS + 1)];

    fill_rect(cv, x - 2, top - 4, x + 2, base, pole_colour, 1.0);
    fill_circle(cv, x, top - 5, 3.5, pole_colour);
    for (int k = 0; k <= FLAG_STEPS; k++) {
        double t = (double)k / FLAG_STEPS;
        /* the edge at the pole is held still; the wave grows towards the free edge */
        double dy = amp * t * sin(phase + t * 5.5);
        double fx = x + 2 + w * t;
        pt[2 * k] = fx;
        pt[2 * k + 1] = top + dy;
        pt[2 * (2 * FLAG_STEPS + 1 - k)] = fx;
        pt[2 * (2 * FLAG_STEPS + 1 - k) + 1] = top + h + dy;
    }
    fill_poly(cv, pt, 2 * (FLAG_STEPS + 1), flag_red, 1.0);
    draw_star(cv, x + 2 + w / 2, top + h / 2 + amp * 0.5 * sin(phase + 2.75), h * 0.3, flag_star);
}

static void draw_tree(struct canvas *cv, double x, double base, double s, struct colour leaf)
{
    fill_rect(cv, x - 0.06 * s, base - 0.55 * s, x + 0.06 * s, base, trunk_brown, 1.0);
    fill_circle(cv, x - 0.3 * s, base - 0.6 * s, 0.32 * s, shade(leaf, 0.92));
    fill_circle(cv, x + 0.3 * s, base - 0.62 * s, 0.32 * s, shade(leaf, 0.92));
    fill_circle(cv, x, base - 0.85 * s, 0.42 * s, leaf);
    fill_ellipse(cv, x - 0.13 * s, base - 0.98 * s, 0.2 * s, 0.16 * s,
                 mix(leaf, (struct colour){255, 255, 220}, 0.5), 0.35, 0.6);
}

/* A school building: two wings of windows around a columned portico, the flag on top. */
static void draw_school(struct canvas *cv, double cx, double g, const struct palette *p,
                        double phase)
{
    fill_rect(cv, cx - 280, g - 130, cx + 280, g, p->wall, 1.0);
    fill_rect(cv, cx - 292, g - 144, cx + 292, g - 130, p->roof, 1.0);
    fill_rect(cv, cx - 284, g - 10, cx + 284, g, shade(p->wall, 0.85), 1.0);
    for (double y = g - 112; y < g - 40; y += 50) {
        for (double x = cx - 258; x + 24 <= cx - 100; x += 40) {
            fill_rect(cv, x, y, x + 24, y + 34, p->window, 1.0);
            fill_rect(cv, 2 * cx - x - 24, y, 2 * cx - x, y + 34, p->window, 1.0);
        }
    }
    fill_rect(cv, cx - 90, g - 200, cx + 90, g, mix(p->wall, p->trim, 0.3), 1.0);
    fill_tri(cv, cx - 106, g - 200, cx + 106, g - 200, cx, g - 262, p->roof);
    fill_tri(cv, cx - 78, g - 206, cx + 78, g - 206, cx, g - 246, mix(p->wall, p->trim, 0.3));
    fill_rect(cv, cx - 100, g - 204, cx + 100, g - 188, p->trim, 1.0);
    fill_rect(cv, cx - 66, g - 170, cx + 66, g, shade(p->window, 0.8), 1.0);
    for (int k = 0; k < 4; k++) {
        double x = cx - 66 + k * (132 - 13) / 3.0;
        fill_rect(cv, x, g - 176, x + 13, g, p->trim, 1.0);
    }
    fill_rect(cv, cx - 100, g - 12, cx + 100, g - 4, p->trim, 1.0);
    fill_rect(cv, cx - 112, g - 4, cx + 112, g + 3, p->trim, 1.0);
    draw_flag(cv, cx, g - 262, 80, phase, p->trim);
}

/* One bay of a three-entrance gate, s times the size of the middle one. */
static void draw_gate_bay(struct canvas *cv, double x, double g, double s, const struct palette *p)
{
    struct colour dark = shade(p->window, 0.7), ridge = shade(p->roof, 0.8);
    double roof1[8] = {x - 112 * s, g - 182 * s, x + 112 * s, g - 182 * s,
                       x + 80 * s,  g - 226 * s, x - 80 * s,  g - 226 * s};
    double roof2[8] = {x - 78 * s, g - 246 * s, x + 78 * s, g - 246 * s,
                       x + 54 * s, g - 278 * s, x - 54 * s, g - 278 * s};

    fill_rect(cv, x - 70 * s, g - 190 * s, x + 70 * s, g, p->wall, 1.0);
    fill_rect(cv, x - 38 * s, g - 120 * s, x + 38 * s, g, dark, 1.0);
    fill_circle(cv, x, g - 120 * s, 38 * s, dark);
    fill_rect(cv, x - 30 * s, g - 176 * s, x + 30 * s, g - 150 * s, p->roof, 1.0);
    fill_rect(cv, x - 26 * s, g - 172 * s, x + 26 * s, g - 154 * s, p->trim, 0.35);
    fill_rect(cv, x - 46 * s, g - 250 * s, x + 46 * s, g - 220 * s, p->wall, 1.0);
    fill_poly(cv, roof1, 4, p->roof, 1.0);
    fill_poly(cv, roof2, 4, p->roof, 1.0);
    /* the upturned corners of the eaves */
    for (int side = -1; side <= 1; side += 2) {
        fill_tri(cv, x + side * 112 * s, g - 182 * s, x + side * 92 * s, g - 192 * s,
                 x + side * 128 * s, g - 206 * s, p->roof);
        fill_tri(cv, x + side * 78 * s, g - 246 * s, x + side * 62 * s, g - 254 * s,
                 x + side * 92 * s, g - 268 * s, p->roof);
    }
    fill_rect(cv, x - 60 * s, g - 284 * s, x + 60 * s, g - 276 * s, ridge, 1.0);
    fill_circle(cv, x, g - 292 * s, 8 * s, flag_star);
}

static void draw_gate(struct canvas *cv, double cx, double g, const struct palette *p,
                      double phase)
{
    fill_rect(cv, cx - 330, g - 64, cx + 330, g, p->wall, 1.0);
    fill_rect(cv, cx - 336, g - 72, cx + 336, g - 64, p->roof, 1.0);
    /* panels only where the wall shows between the bays, the same on both sides */
    static const double panels[] = {94, 254, 290};
    for (size_t k = 0; k < sizeof(panels) / sizeof(*panels); k++) {
        double d = panels[k];
        fill_rect(cv, cx + d, g - 52, cx + d + 22, g - 20, shade(p->wall, 0.85), 1.0);
        fill_rect(cv, cx - d - 22, g - 52, cx - d, g - 20, shade(p->wall, 0.85), 1.0);
    }
    draw_gate_bay(cv, cx - 190, g, 0.72, p);
    draw_gate_bay(cv, cx + 190, g, 0.72, p);
    draw_gate_bay(cv, cx, g, 1.0, p);
    draw_flag(cv, cx + 372, g, 300, phase, p->trim);
}

/* A modern hall: a tower of windows between two long wings with ribbon windows. */
static void draw_hall(struct canvas *cv, double cx, double g, const struct palette *p,
                      double phase)
{
    fill_rect(cv, cx - 270, g - 120, cx + 270, g, p->wall, 1.0);
    fill_rect(cv, cx - 276, g - 128, cx + 276, g - 120, p->trim, 1.0);
    for (double y = g - 100; y < g - 20; y += 44) {
        fill_rect(cv, cx - 255, y, cx + 255, y + 26, p->window, 1.0);
        for (double x = cx - 255 + 34; x < cx + 255; x += 34)
            fill_rect(cv, x, y, x + 5, y + 26, p->wall, 1.0);
    }
    fill_rect(cv, cx - 75, g - 310, cx + 75, g, mix(p->wall, p->trim, 0.35), 1.0);
    fill_rect(cv, cx - 82, g - 322, cx + 82, g - 310, p->roof, 1.0);
    for (double y = g - 292; y < g - 80; y += 36) {
        for (double x = cx - 55; x < cx + 55; x += 40)
            fill_rect(cv, x, y, x + 30, y + 22, p->window, 1.0);
    }
    fill_rect(cv, cx - 100, g - 66, cx + 100, g - 56, p->roof, 1.0);
    fill_rect(cv, cx - 40, g - 56, cx + 40, g, shade(p->window, 0.8), 1.0);
    fill_rect(cv, cx - 110, g - 4, cx + 110, g + 3, p->trim, 1.0);
    draw_flag(cv, cx - 340, g, 290, phase, p->trim);
}

/* Paints one whole cover on cv from seed and its category's palette. */
static void paint_cover(struct canvas *cv, const struct palette *p, uint64_t seed)
{
    uint64_t s = seed * 0x2545f4914f6cdd1du + 1;
    double g = GROUND_Y;
    double cx = rnd_range(&s, 470, 730);
    double sun_x = rnd(&s) < 0.5 ? rnd_range(&s, 120, cx - 330) : rnd_range(&s, cx + 330, 1080);
    double sun_y = rnd_range(&s, 110, 230);
    double far[6], near[6];
    int motif = (int)(seed % 3);

    fill_vgradient(cv, 0, g, p->sky_top, p->sky_low);
    fill_glow(cv, sun_x, sun_y, 170, p->sun, 0.55);
    fill_circle(cv, sun_x, sun_y, 44, p->sun);
    for (int k = 0; k < 3; k++) {
        double x = rnd_range(&s, 80 + k * 380, 380 + k * 380), y = rnd_range(&s, 70, 250);
        double w = rnd_range(&s, 140, 240);
        fill_ellipse(cv, x, y, 0.5 * w, 0.16 * w, p->cloud, 0.55, 0.5);
        fill_ellipse(cv, x - 0.26 * w, y + 0.03 * w, 0.3 * w, 0.11 * w, p->cloud, 0.5, 0.6);
        fill_ellipse(cv, x + 0.05 * w, y - 0.08 * w, 0.26 * w, 0.15 * w, p->cloud, 0.5, 0.6);
        fill_ellipse(cv, x + 0.3 * w, y + 0.02 * w, 0.28 * w, 0.12 * w, p->cloud, 0.5, 0.6);
    }
    far[0] = rnd_range(&s, 24, 40);
    far[1] = rnd_range(&s, 0.004, 0.007);
    far[2] = rnd_range(&s, 0, 6.28);
    far[3] = rnd_range(&s, 8, 16);
    far[4] = rnd_range(&s, 0.012, 0.02);
    far[5] = rnd_range(&s, 0, 6.28);
    near[0] = rnd_range(&s, 14, 24);
    near[1] = rnd_range(&s, 0.005, 0.009);
    near[2] = rnd_range(&s, 0, 6.28);
    near[3] = rnd_range(&s, 5, 10);
    near[4] = rnd_range(&s, 0.015, 0.025);
    near[5] = rnd_range(&s, 0, 6.28);
    fill_ridge(cv, g - 115, far, mix(p->far, p->sky_low, 0.25));
    fill_ridge(cv, g - 48, near, p->near);
    fill_vgradient(cv, g, COVER_H, p->ground, shade(p->ground, 0.78));

    double path[8] = {cx - 40, g, cx + 40, g, cx + 230, COVER_H, cx - 230, COVER_H};
    fill_poly(cv, path, 4, p->trim, 0.45);

    double phase = rnd_range(&s, 0, 6.28);
    switch (motif) {
    case 0: draw_school(cv, cx, g, p, phase); break;
    case 1: draw_gate(cv, cx, g, p, phase); break;
    default: draw_hall(cv, cx, g, p, phase); break;
    }

    /* trees on both sides, clear of the building and of the flag */
    /* the hills take the palette's colour; trees keep some green whatever the sky */
    struct colour leaf = mix(shade(p->near, 0.82), (struct colour){58, 112, 72}, 0.4);
    for (int side = -1; side <= 1; side += 2) {
        int n = 2 + (int)(rnd(&s) * 2);
        for (int k = 0; k < n; k++) {
            double x = cx + side * rnd_range(&s, 400, 560);
            double size = rnd_range(&s, 70, 110);
            draw_tree(cv, x, g + rnd_range(&s, 4, 26), size, leaf);
        }
    }
}

static pthread_once_t vips_once = PTHREAD_ONCE_INIT;
static int vips_status;

static void vips_start(void)
{
    vips_status = VIPS_INIT("cong");
}

/*
 * Paints the cover numbered seed and encodes it as JPEG in *jpeg (g_free() it) of *len bytes.
 * fine is the painting surface and out the cover-sized RGB pixels, both the caller's.
 */
static enum cong_err cover_make(struct canvas *fine, unsigned char *out, const struct palette *p,
                                uint64_t seed, void **jpeg, size_t *len, struct cong_error *err)
{
    VipsImage *img = NULL;
    enum cong_err rc = CONG_OK;
    int w = COVER_W, h = COVER_H;

    *jpeg = NULL;
    *len = 0;
    paint_cover(fine, p, seed);
    /* each cover pixel is the mean of its COVER_SS x COVER_SS painted ones */
    for (int j = 0; j < h; j++) {
        for (int i = 0; i < w; i++) {
            for (int c = 0; c < 3; c++) {
                unsigned sum = 0;
                for (int dj = 0; dj < COVER_SS; dj++) {
                    for (int di = 0; di < COVER_SS; di++) {
                        size_t at = ((size_t)(j * COVER_SS + dj) * fine->w + i * COVER_SS + di);
                        sum += fine->px[at * 3 + c];
                    }
                }
                out[((size_t)j * w + i) * 3 + c] =
                    (unsigned char)((sum + COVER_SS * COVER_SS / 2) / (COVER_SS * COVER_SS));
            }
        }
    }
    img = vips_image_new_from_memory(out, (size_t)w * h * 3, w, h, 3, VIPS_FORMAT_UCHAR);
    if (!img) {
        rc = cong_error_set(err, CONG_ENOMEM, "cannot make cover image: %s", vips_error_buffer());
        goto out;
    }
    if (vips_jpegsave_buffer(img, jpeg, len, "Q", COVER_QUALITY, "strip", TRUE,
                             "optimize_coding", TRUE, NULL)) {
        rc = cong_error_set(err, CONG_EIO, "cannot encode cover as jpeg: %s",
                            vips_error_buffer());
        *jpeg = NULL;
        *len = 0;
        goto out;
    }
out:
    if (rc != CONG_OK)
        vips_error_clear();
    if (img)
        g_object_unref(img);
    return rc;
}

/* Writing the portal. */

/* The content module's own message when it gave one, else the code's name. */
static const char *detail_text(const struct cong_error *detail, enum cong_err rc)
{
    return detail->msg[0] ? detail->msg : cong_strerror(rc);
}

static int compare_by_date(const void *a, const void *b)
{
    const struct demo_article *x = *(const struct demo_article *const *)a;
    const struct demo_article *y = *(const struct demo_article *const *)b;

    if (x->days_ago != y->days_ago)
        return x->days_ago > y->days_ago ? -1 : 1;
    return (x->hour * 60 + x->minute) - (y->hour * 60 + y->minute);
}

static size_t category_index(const char *slug)
{
    for (size_t i = 0; i < demo_category_count; i++) {
        if (strcmp(demo_categories[i].slug, slug) == 0)
            return i;
    }
    return 0;
}

/* Expands one text into b (reset first) and returns it, or NULL when src is NULL. */
static const char *expanded(struct buf *b, const char *src, int64_t day)
{
    buf_reset(b);
    if (!src)
        return NULL;
    expand_marks(b, src, day);
    return b->data;
}

/* What writing the articles reuses from one to the next. */
struct scratch {
    struct buf title, summary, body, caption; /* the texts with their dates filled in */
    struct canvas fine;                       /* where a cover is painted */
    unsigned char *small;                     /* the cover at its size, averaged from fine */
};

/* Refuses a portal that already has articles: the demo must never change one. */
static enum cong_err check_empty(struct store *st, struct cong_error *err)
{
    size_t count = 0;
    enum cong_err rc = store_count_articles(st, &count);

    if (rc != CONG_OK)
        return cong_error_set(err, rc, "cannot count articles: %s", cong_strerror(rc));
    if (count > 0)
        return cong_error_set(err, CONG_EEXIST,
                              "the portal already has %zu articles; demo content goes only into "
                              "an empty portal",
                              count);
    return CONG_OK;
}

static enum cong_err add_settings(struct store *st, struct cong_error *err)
{
    for (size_t i = 0; i < demo_setting_count; i++) {
        enum cong_err rc = store_set_setting(st, demo_settings[i].key, demo_settings[i].value);
        if (rc != CONG_OK)
            return cong_error_set(err, rc, "cannot set '%s': %s", demo_settings[i].key,
                                  cong_strerror(rc));
    }
    return CONG_OK;
}

static enum cong_err add_categories(struct store *st, struct cong_error *err)
{
    for (size_t i = 0; i < demo_category_count; i++) {
        struct category c = {
            .position = (int)i + 1,
            .slug = demo_categories[i].slug,
            .name = demo_categories[i].name,
            .description = demo_categories[i].description,
        };
        int64_t id;
        enum cong_err rc = store_add_category(st, &c, &id);
        /* a category made before (by hand, or an interrupted run) is simply used */
        if (rc != CONG_OK && rc != CONG_EEXIST)
            return cong_error_set(err, rc, "cannot add category '%s': %s", c.slug,
                                  cong_strerror(rc));
    }
    return CONG_OK;
}

/* Paints the cover of article a, stores it in the media library and sets *id to it. */
static enum cong_err add_cover(struct store *st, const struct demo_article *a, struct scratch *w,
                               int64_t *id, struct cong_error *err)
{
    /* the cover depends only on the article's place in the data, so every run paints the same */
    size_t index = (size_t)(a - demo_articles);
    const struct palette *p =
        &palettes[category_index(a->category) % (sizeof(palettes) / sizeof(*palettes))];
    struct cong_error detail = {0};
    void *jpeg = NULL;
    size_t len = 0;
    char name[64];
    int n = snprintf(name, sizeof(name), "anh-bia-%02zu.jpg", index + 1);
    enum cong_err rc;

    if (n < 0 || (size_t)n >= sizeof(name))
        return cong_error_set(err, CONG_EINVAL, "cannot name demo cover %zu", index + 1);
    rc = cover_make(&w->fine, w->small, p, index, &jpeg, &len, err);
    if (rc != CONG_OK)
        return rc;
    rc = content_add_media(st, jpeg, len, name, COVER_MAX_BYTES, id, &detail);
    g_free(jpeg);
    if (rc != CONG_OK)
        cong_error_set(err, rc, "cannot store demo cover '%s': %s", name, detail_text(&detail, rc));
    return rc;
}

/*
 * Writes article a, published a->days_ago days before today (local days since the epoch) at
 * its hour, but never later than now, with its cover if it has a caption.
 */
static enum cong_err add_article(struct store *st, const struct demo_article *a, int64_t today,
                                 int64_t now, struct scratch *w, struct cong_error *err)
{
    int64_t day = today - a->days_ago;
    int64_t published = day * 86400 - DEMO_TZ_OFFSET + a->hour * 3600 + a->minute * 60;
    struct article_input in = {0};
    struct cong_error detail = {0};
    enum cong_err rc;
    int64_t id;

    if (published >= now)
        published = now - 60;
    in.title = expanded(&w->title, a->title, day);
    in.summary = expanded(&w->summary, a->summary, day);
    in.body_md = expanded(&w->body, a->body, day);
    in.cover_caption = expanded(&w->caption, a->caption, day);
    if (buf_error(&w->title) || buf_error(&w->summary) || buf_error(&w->body) ||
        buf_error(&w->caption))
        return cong_error_set(err, CONG_ENOMEM, "cannot prepare demo article '%s': %s", a->title,
                              cong_strerror(CONG_ENOMEM));
    in.category_slug = a->category;
    in.author = a->author;
    in.published_at = published;
    in.status = ARTICLE_PUBLISHED;
    in.featured = a->featured;
    if (a->caption) {
        rc = add_cover(st, a, w, &in.cover_media_id, err);
        if (rc != CONG_OK)
            return rc;
    }
    rc = content_create_article(st, &in, now, &id, &detail);
    if (rc != CONG_OK)
        cong_error_set(err, rc, "cannot create demo article '%s': %s", in.title,
                       detail_text(&detail, rc));
    return rc;
}

enum cong_err demo_populate(struct store *st, int64_t now, struct cong_error *err)
{
    const struct demo_article **order = NULL;
    struct scratch w = {.fine = {COVER_W * COVER_SS, COVER_H * COVER_SS, NULL}};
    int64_t today = floor_div(now + DEMO_TZ_OFFSET, 86400);
    enum cong_err rc;

    buf_init(&w.title, 0);
    buf_init(&w.summary, 0);
    buf_init(&w.body, 0);
    buf_init(&w.caption, 0);
    rc = check_empty(st, err);
    if (rc != CONG_OK)
        goto out;
    pthread_once(&vips_once, vips_start);
    if (vips_status != 0) {
        rc = cong_error_set(err, CONG_EIO, "cannot start libvips: %s", vips_error_buffer());
        goto out;
    }
    order = calloc(demo_article_count, sizeof(*order));
    w.fine.px = malloc((size_t)w.fine.w * w.fine.h * 3);
    w.small = malloc((size_t)COVER_W * COVER_H * 3);
    if (!order || !w.fine.px || !w.small) {
        rc = cong_error_set(err, CONG_ENOMEM, "cannot allocate demo covers: out of memory");
        goto out;
    }
    rc = add_settings(st, err);
    if (rc == CONG_OK)
        rc = add_categories(st, err);
    if (rc != CONG_OK)
        goto out;
    /* oldest first, so that ids grow with dates as they would on a real portal */
    for (size_t i = 0; i < demo_article_count; i++)
        order[i] = &demo_articles[i];
    qsort(order, demo_article_count, sizeof(*order), compare_by_date);
    for (size_t k = 0; rc == CONG_OK && k < demo_article_count; k++)
        rc = add_article(st, order[k], today, now, &w, err);
    if (rc == CONG_OK)
        rc = demo_documents(st, now, err);
out:
    buf_release(&w.title);
    buf_release(&w.summary);
    buf_release(&w.body);
    buf_release(&w.caption);
    free(w.small);
    free(w.fine.px);
    free(order);
    return rc;
}
