/* idx.c — libFuzzer target: the IDX (MNIST format) reader ms_learn_idx_read(). The first two bytes
 * (little endian) split the input into the images file and the labels file; both are written to
 * temporary files (gzip or plain, as the reader detects). Errors must be MS_EINPUT naming the file
 * and offset, never a crash or a huge allocation. */
#include <stdint.h>
#include "fuzz_util.h"
#include "metaspin/learn.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    size_t split = (size_t)data[0] | (size_t)data[1] << 8;
    data += 2, size -= 2;
    if (split > size)
        split = size;
    const char *images = fuzz_file("idx-images", "", data, split);
    const char *labels = fuzz_file("idx-labels", "", data + split, size - split);
    ms_dataset *d = NULL;
    ms_error err = {0};
    if (ms_learn_idx_read(images, labels, &d, &err) == MS_OK)
        ms_dataset_destroy(d);
    return 0;
}
