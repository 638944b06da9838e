/*
 * make_schema PATH VERSION: creates a portal database of an older schema version, as a Cổng
 * of that version made it, for the tests of `cong init` migrating one. Not installed.
 */
#include <stdio.h>
#include <stdlib.h>

#include "../../src/store/store.h"

int main(int argc, char **argv)
{
    struct cong_error err = {0};

    if (argc != 3) {
        fprintf(stderr, "usage: make_schema PATH VERSION\n");
        return 2;
    }
    if (store_create_at_version(argv[1], atoi(argv[2]), &err) != CONG_OK) {
        fprintf(stderr, "make_schema: %s\n", err.msg);
        return 1;
    }
    return 0;
}
