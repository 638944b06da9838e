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

enum cong_err cong_error_set(struct cong_error *err, enum cong_err code, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (!err)
        return code;
    err->code = code;
    err->field[0] = '\0';
    va_start(ap, fmt);
    n = vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
    if (n < 0)
        err->msg[0] = '\0';
    /* a longer message is cut; vsnprintf has NUL-terminated it */
    return code;
}

enum cong_err cong_error_field(struct cong_error *err, const char *field, enum cong_err code,
                               const char *fmt, ...)
{
    va_list ap;
    int n;

    if (!err)
        return code;
    err->code = code;
    snprintf(err->field, sizeof(err->field), "%s", field ? field : "");
    va_start(ap, fmt);
    n = vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
    if (n < 0)
        err->msg[0] = '\0';
    return code;
}
