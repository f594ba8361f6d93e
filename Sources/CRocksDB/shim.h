#ifndef TESSERA_CROCKSDB_SHIM_H
#define TESSERA_CROCKSDB_SHIM_H
#include <rocksdb/c.h>
/* glibc's allocator tuning (mallopt), for processes that write in large batches (TesseraStorage.ProcessMemory). */
#if defined(__linux__)
#include <malloc.h>
#endif
#endif
