#ifndef TESSERA_CROCKSDB_SHIM_H
#define TESSERA_CROCKSDB_SHIM_H
#include <rocksdb/c.h>
#endif
