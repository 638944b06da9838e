/*
 * Names for error codes, and struct cong_error, the one carrier of error detail.
 */
#include "core.h"

#include <stdio.h>

const char *cong_strerror(enum cong_err code)
{
    switch (code) {
    case CONG_OK: return "ok";
    case CONG_ENOMEM: return "out of memory";
    case CONG_EINVAL: return "invalid input";
    case CONG_ENOTFOUND: return "not found";
    case CONG_EEXIST: return "already exists";
    case CONG_EIO: return "input/output error";
    case CONG_ETOOBIG: return "too large";
    case CONG_ESTORE: return "database error";
    case CONG_ESCHEMA: return "unsupported database schema";
    case CONG_EPARSE: return "parse error";
    case CONG_EPERM: return "not allowed";
    case CONG_EBUSY: return "busy";
    case CONG_ESTATE: return "wrong state";
    }
    return "unknown error";
}

/* Fills err's code, field and message; returns code. */
static enum cong_err fill(struct cong_error *err, const char *field, enum cong_err code,
                          const char *fmt, va_list ap) CONG_PRINTF(4, 0);
static enum cong_err fill(struct cong_error *err, const char *field, enum cong_err code,
                          const char *fmt, va_list ap)
{
    if (!err)
        return code;
    err->code = code;
    snprintf(err->field, sizeof(err->field), "%s", field);
    /* a longer message is cut; vsnprintf NUL-terminates it */
    if (vsnprintf(err->msg, sizeof(err->msg), fmt, ap) < 0)
        err->msg[0] = '\0';
    return code;
}

enum cong_err cong_error_set(struct cong_error *err, enum cong_err code, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    fill(err, "", code, fmt, ap);
    va_end(ap);
    return code;
}

enum cong_err cong_error_field(struct cong_error *err, const char *field, enum cong_err code,
                               const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    fill(err, field ? field : "", code, fmt, ap);
    va_end(ap);
    return code;
}
