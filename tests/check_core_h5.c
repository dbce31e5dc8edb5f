/* check_core_h5.c — atomic HDF5 output (NAME.tmp renamed on commit, removed on abort),
 * provenance attributes, units attributes, and the read helpers' input errors. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "metaspin/h5.h"

START_TEST(test_commit_and_read)
{
    char path[64], tmp[80];
    snprintf(path, sizeof path, "check_h5_%d.h5", (int)getpid());
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    ms_h5 *f;
    ms_error err = {0};
    const ms_run_info info = {.command = "test", .command_line = "metaspin test x.cfg", .seed = 42, .threads = 2,
                              .config_text = "a = 1;\n", .references = "[k] ref\n", .start = 86400};
    ck_assert_msg(ms_h5_create(&f, path, &info, &err) == MS_OK, "%s", err.message);
    ck_assert_int_eq(access(tmp, F_OK), 0);
    ck_assert_int_ne(access(path, F_OK), 0); /* nothing under the final name before commit */
    const double v[6] = {1, 2, 3, 4, 5, 6};
    const hsize_t dims[2] = {2, 3};
    ck_assert(ms_h5_write_double(ms_h5_root(f), "/group/sub/data", v, 2, dims, "A/m", &err) == MS_OK);
    ck_assert(ms_h5_write_scalar(ms_h5_root(f), "/scalar", 2.5, "s", &err) == MS_OK);
    ck_assert(ms_h5_commit(f, &err) == MS_OK);
    ck_assert_int_ne(access(tmp, F_OK), 0);

    hid_t file;
    ck_assert(ms_h5_open_read(&file, path, &err) == MS_OK);
    double *data;
    int rank;
    hsize_t rd[8];
    ck_assert(ms_h5_read_double(file, "/group/sub/data", &data, &rank, rd, &err) == MS_OK);
    ck_assert_int_eq(rank, 2);
    ck_assert_int_eq((int)rd[1], 3);
    ck_assert_double_eq(data[5], 6.0);
    free(data);
    char *s;
    ck_assert(ms_h5_read_attr_string(file, "/group/sub/data", "units", &s, &err) == MS_OK);
    ck_assert_str_eq(s, "A/m");
    free(s);
    ck_assert(ms_h5_read_attr_string(file, "/", "config", &s, &err) == MS_OK);
    ck_assert_str_eq(s, "a = 1;\n");
    free(s);
    ck_assert(ms_h5_read_attr_string(file, "/", "start_time", &s, &err) == MS_OK);
    ck_assert_str_eq(s, "1970-01-02T00:00:00Z");   /* info.start, not the file's creation */
    free(s);
    ck_assert(ms_h5_read_attr_string(file, "/", "end_time", &s, &err) == MS_OK);
    free(s);
    ck_assert_int_eq(ms_h5_exists(file, "/group/nothing/here"), 0);
    ck_assert_int_eq(ms_h5_read_double(file, "/missing", &data, &rank, rd, &err), MS_EINPUT);
    H5Fclose(file);
    unlink(path);
}
END_TEST

START_TEST(test_abort_leaves_nothing)
{
    char path[64], tmp[80];
    snprintf(path, sizeof path, "check_h5_abort_%d.h5", (int)getpid());
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    ms_h5 *f;
    ms_error err = {0};
    ck_assert(ms_h5_create(&f, path, NULL, &err) == MS_OK);
    ms_h5_abort(f);
    ck_assert_int_ne(access(tmp, F_OK), 0);
    ck_assert_int_ne(access(path, F_OK), 0);
}
END_TEST

START_TEST(test_bad_inputs)
{
    hid_t file;
    ms_error err = {0};
    ck_assert_int_eq(ms_h5_open_read(&file, "no/such/file.h5", &err), MS_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.message, "no/such/file.h5"));
    char path[64];
    snprintf(path, sizeof path, "check_h5_text_%d.h5", (int)getpid());
    FILE *f = fopen(path, "w");
    fputs("not hdf5\n", f);
    fclose(f);
    ck_assert_int_eq(ms_h5_open_read(&file, path, &err), MS_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.message, "not an HDF5 file"));
    unlink(path);
}
END_TEST

Suite *check_core_h5_suite(void)
{
    Suite *s = suite_create("core_h5");
    TCase *tc = tcase_create("h5");
    tcase_add_test(tc, test_commit_and_read);
    tcase_add_test(tc, test_abort_leaves_nothing);
    tcase_add_test(tc, test_bad_inputs);
    suite_add_tcase(s, tc);
    return s;
}
