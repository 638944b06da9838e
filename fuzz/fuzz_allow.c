/*
 * Fuzzes the allow list of /metrics ([server] metrics_allow): the input is a list, then after
 * a NUL an address to look up in it, as a peer's address would be. A list is accepted whole
 * or refused with CONG_EINVAL and a message; a lookup only answers yes or no.
 */
#include "fuzz.h"

#include "metrics/metrics.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_strndup(data, size);
    struct metrics_allow *a = NULL;
    struct cong_error err = {0};
    size_t first;
    enum cong_err rc;

    if (!s)
        return 0;
    first = fuzz_first_part(s, size);
    rc = metrics_allow_parse(s, &a, &err);
    if ((rc == CONG_OK) != (a != NULL) || (rc == CONG_EINVAL && !err.msg[0]))
        abort();
    if (a)
        (void)metrics_allow_has(a, first < size ? s + first + 1 : "127.0.0.1");
    metrics_allow_free(a);
    free(s);
    return 0;
}
