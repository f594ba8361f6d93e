// RawPut: the raw RocksDB put throughput of TesseraStorage, a reference point for the bulk loader.
//
// Write mode (default) opens a fresh store with TesseraStorage's default options, writes N keys of
// K bytes with values of V bytes in unlogged batches, in hash (random-looking) order or, with
// `--order sorted`, ascending, then flushes, and prints one JSON object: keys/s, MB/s (10^6 bytes of
// keys plus values) and seconds. The clock covers building the batches, writing them and the final
// flush, not opening the store.
//
// Measure mode (`--measure DB`) scans an existing database and prints its exact key count, its
// `rocksdb.estimate-num-keys`, and the total and average key and value sizes, so that a write run can
// be sized like a real load.

import Foundation
import TesseraStorage

/// Defaults measured, not derived from the record layout: `RawPut --measure` over a database loaded by
/// `tessera load` from `tessera generate --entities 20000 --seed 42` found 539,709 keys averaging
/// 26.41 key bytes and 76.73 value bytes (55.7 MB of keys and values; see Benchmarks/README.md).
enum Defaults {
    static let keys = 540_000
    static let keyBytes = 26
    static let valueBytes = 77
    static let batchKeys = 20_000
}

struct Usage: Error, CustomStringConvertible {
    let description: String
}

struct WriteOptions {
    var keys = Defaults.keys
    var keyBytes = Defaults.keyBytes
    var valueBytes = Defaults.valueBytes
    /// When set, value sizes are spread over `valueBytes` and `valueBytes + 1` so that keys plus values
    /// add up to exactly this many bytes.
    var totalBytes: Int?
    var batchKeys = Defaults.batchKeys
    var path: String?
    var keep = false
    var seed: UInt64 = 42
    /// Hash order (the default) spreads consecutive keys over the key space; sorted order writes them
    /// ascending, the best case for RocksDB's memtable.
    var sorted = false
}

let usage = """
    usage: RawPut [--keys N] [--key-bytes K] [--value-bytes V] [--total-bytes T] [--batch-keys B]
                  [--order hash|sorted] [--db DIR] [--keep] [--seed S]
           RawPut --measure DB
    defaults: --keys \(Defaults.keys) --key-bytes \(Defaults.keyBytes) --value-bytes \(Defaults.valueBytes) \
    --batch-keys \(Defaults.batchKeys)
    --total-bytes T  size values so that keys + values are exactly T bytes (overrides --value-bytes)
    --order O        hash (default): keys in hash order; sorted: keys in ascending order
    --db DIR         where to create the store (must not exist; default: a new temporary directory)
    --keep           keep the store afterwards (the default removes it)
    """

/// SplitMix64's finaliser: a bijection on 64-bit integers, so distinct indexes give distinct keys.
@inline(__always)
func mix(_ value: UInt64) -> UInt64 {
    var z = value &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}

func json(_ fields: [(String, String)]) -> String {
    "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
}

func number(_ value: Double, _ digits: Int = 3) -> String { String(format: "%.\(digits)f", value) }

func directoryBytes(_ path: String) -> Int {
    guard let enumerator = FileManager.default.enumerator(atPath: path) else { return 0 }
    var total = 0
    for case let name as String in enumerator {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path + "/" + name)
        if (attributes?[.type] as? FileAttributeType) == .typeRegular {
            total += (attributes?[.size] as? NSNumber)?.intValue ?? 0
        }
    }
    return total
}

func monotonicSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

func measure(_ path: String) throws -> String {
    var options = StoreOptions()
    options.createIfMissing = false
    options.readOnly = true
    let store = try Store(path: path, options: options)
    let cursor = store.cursor()
    var keys = 0
    var keyBytes = 0
    var valueBytes = 0
    cursor.seekToFirst()
    while cursor.isValid {
        keys += 1
        keyBytes += cursor.withKey { $0.count }
        valueBytes += cursor.value.count
        cursor.next()
    }
    try cursor.checkStatus()
    let estimate = Int(store.property("rocksdb.estimate-num-keys") ?? "") ?? -1
    let divisor = Double(max(keys, 1))
    return json([
        ("keys", "\(keys)"),
        ("estimate_num_keys", "\(estimate)"),
        ("key_bytes", "\(keyBytes)"),
        ("value_bytes", "\(valueBytes)"),
        ("total_bytes", "\(keyBytes + valueBytes)"),
        ("avg_key_bytes", number(Double(keyBytes) / divisor, 2)),
        ("avg_value_bytes", number(Double(valueBytes) / divisor, 2)),
        ("disk_bytes", "\(directoryBytes(path))"),
    ])
}

func write(_ options: WriteOptions) throws -> String {
    let path: String
    if let given = options.path {
        guard !FileManager.default.fileExists(atPath: given) else {
            throw Usage(description: "\(given) already exists")
        }
        path = given
    } else {
        path =
            FileManager.default.temporaryDirectory.appendingPathComponent(
                "rawput-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            ).path
    }
    defer { if !options.keep { try? FileManager.default.removeItem(atPath: path) } }

    // Value sizes: `short` bytes for most keys, one more for the first `longCount`, so totals can match exactly.
    var short = options.valueBytes
    var longCount = 0
    if let total = options.totalBytes {
        let valueTotal = total - options.keys * options.keyBytes
        guard valueTotal >= 0 else { throw Usage(description: "--total-bytes is smaller than the keys alone") }
        short = valueTotal / options.keys
        longCount = valueTotal % options.keys
    }
    let filler = Array("{\"name\":\"Jade House 18\",\"height_m\":9.9,\"floors\":2,\"use\":\"residential\"}".utf8)
    func makeValue(_ count: Int) -> [UInt8] { (0..<count).map { filler[$0 % filler.count] } }
    var shortValue = makeValue(short)
    var longValue = makeValue(short + 1)
    var key = [UInt8](repeating: 0, count: options.keyBytes)

    let seconds: Double
    let diskBytes: Int
    do {
        let store = try Store(path: path, options: StoreOptions())
        let started = monotonicSeconds()
        let batch = WriteBatch()
        for index in 0..<options.keys {
            let hash = mix(UInt64(index) ^ options.seed)
            // Hash order: the hash leads (spreading keys over the key space) and the index follows, so keys
            // stay distinct. Sorted order: the index leads, big-endian, so keys ascend.
            let lead = options.sorted ? UInt64(index) : hash
            let tail = options.sorted ? hash : UInt64(index)
            for byte in 0..<8 { key[byte] = UInt8(truncatingIfNeeded: lead >> UInt64(56 - 8 * byte)) }
            for byte in 8..<key.count {
                key[byte] = UInt8(truncatingIfNeeded: tail >> UInt64(8 * ((key.count - 1 - byte) % 8)))
            }
            if index < longCount {
                for byte in 0..<min(8, longValue.count) {
                    longValue[byte] = UInt8(truncatingIfNeeded: hash >> UInt64(8 * byte))
                }
                batch.put(key, longValue)
            } else {
                for byte in 0..<min(8, shortValue.count) {
                    shortValue[byte] = UInt8(truncatingIfNeeded: hash >> UInt64(8 * byte))
                }
                batch.put(key, shortValue)
            }
            if batch.count >= options.batchKeys {
                try store.write(batch, durability: .unlogged)
                batch.clear()
            }
        }
        if batch.count > 0 { try store.write(batch, durability: .unlogged) }
        try store.flush()
        seconds = monotonicSeconds() - started
        diskBytes = directoryBytes(path)
    }
    let totalBytes = options.keys * options.keyBytes + options.keys * short + longCount
    return json([
        ("keys", "\(options.keys)"),
        ("key_bytes", "\(options.keyBytes)"),
        ("value_bytes_avg", number(Double(totalBytes) / Double(max(options.keys, 1)) - Double(options.keyBytes), 2)),
        ("total_bytes", "\(totalBytes)"),
        ("batch_keys", "\(options.batchKeys)"),
        ("order", options.sorted ? "\"sorted\"" : "\"hash\""),
        ("seconds", number(seconds)),
        ("keys_per_second", "\(Int((Double(options.keys) / seconds).rounded()))"),
        ("mb_per_second", number(Double(totalBytes) / 1e6 / seconds, 2)),
        ("disk_bytes", "\(diskBytes)"),
    ])
}

func parse(_ arguments: [String]) throws -> (measure: String?, options: WriteOptions) {
    var options = WriteOptions()
    var measurePath: String?
    var rest = arguments[...]
    func value(_ flag: String) throws -> String {
        guard let next = rest.popFirst() else { throw Usage(description: "\(flag) needs a value") }
        return next
    }
    func integer(_ flag: String, minimum: Int) throws -> Int {
        let text = try value(flag)
        guard let parsed = Int(text), parsed >= minimum else {
            throw Usage(description: "\(flag) must be an integer >= \(minimum), got \(text)")
        }
        return parsed
    }
    while let flag = rest.popFirst() {
        switch flag {
        case "--keys": options.keys = try integer(flag, minimum: 1)
        case "--key-bytes": options.keyBytes = try integer(flag, minimum: 8)
        case "--value-bytes": options.valueBytes = try integer(flag, minimum: 0)
        case "--total-bytes": options.totalBytes = try integer(flag, minimum: 0)
        case "--batch-keys": options.batchKeys = try integer(flag, minimum: 1)
        case "--seed": options.seed = UInt64(try integer(flag, minimum: 0))
        case "--db": options.path = try value(flag)
        case "--keep": options.keep = true
        case "--order":
            switch try value(flag) {
            case "hash": options.sorted = false
            case "sorted": options.sorted = true
            case let other: throw Usage(description: "--order must be hash or sorted, got \(other)")
            }
        case "--measure": measurePath = try value(flag)
        case "-h", "--help":
            print(usage)
            exit(0)
        default: throw Usage(description: "unknown argument \(flag)")
        }
    }
    return (measurePath, options)
}

do {
    let (measurePath, options) = try parse(Array(CommandLine.arguments.dropFirst()))
    if let measurePath {
        print(try measure(measurePath))
    } else {
        print(try write(options))
    }
} catch let error as Usage {
    FileHandle.standardError.write(Data("RawPut: \(error)\n\(usage)\n".utf8))
    exit(2)
} catch {
    FileHandle.standardError.write(Data("RawPut: \(error)\n".utf8))
    exit(1)
}
