/*
 * Runs a libFuzzer target of fuzz/ on given inputs, without libFuzzer: each file named, and
 * each file in each folder named, is read whole and passed to LLVMFuzzerTestOneInput once.
 * `make test` replays the seed corpora (fuzz/corpus/NAME, which keep every input that once
 * crashed a target) this way under the test build's sanitizers; `make fuzz` searches for new
 * inputs with the clang build. Exits 0 when every input ran, 1 naming a file it cannot read.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Inputs past this are not seeds (libFuzzer's -max_len in scripts/fuzz.sh is 8192). */
#define REPLAY_MAX ((size_t)1 << 20)

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    uint8_t *data;
    size_t n;

    if (!f) {
        fprintf(stderr, "fuzz_replay: cannot read %s\n", path);
        return 1;
    }
    data = malloc(REPLAY_MAX);
    n = data ? fread(data, 1, REPLAY_MAX, f) : 0;
    fclose(f);
    if (!data) {
        fprintf(stderr, "fuzz_replay: out of memory\n");
        return 1;
    }
    LLVMFuzzerTestOneInput(data, n);
    free(data);
    return 0;
}

int main(int argc, char **argv)
{
    int bad = 0, count = 0;

    for (int i = 1; i < argc; i++) {
        struct stat st;
        DIR *d;
        struct dirent *e;

        if (stat(argv[i], &st) != 0 || !S_ISDIR(st.st_mode)) {
            bad |= replay_file(argv[i]);
            count++;
            continue;
        }
        if (!(d = opendir(argv[i]))) {
            fprintf(stderr, "fuzz_replay: cannot read %s\n", argv[i]);
            bad = 1;
            continue;
        }
        while ((e = readdir(d)) != NULL) {
            char path[4096];

            if (e->d_name[0] == '.')
                continue;
            if (snprintf(path, sizeof(path), "%s/%s", argv[i], e->d_name) >= (int)sizeof(path))
                continue;
            bad |= replay_file(path);
            count++;
        }
        closedir(d);
    }
    printf("%d inputs replayed\n", count);
    return bad;
}
