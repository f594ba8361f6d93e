import ArgumentParser
import Foundation
import TesseraCore
import TesseraGraph

/// JSON presentation of engine values for the command line.
enum Output {
    static func time(_ micros: Int64) -> Value {
        micros == Time.forever ? .null : .string(Time.format(micros))
    }

    /// An entity version as a JSON object; the geometry is embedded verbatim.
    static func entity(_ version: EntityVersion) -> [UInt8] {
        var object: [String: Value] = [
            "id": .string(version.id),
            "labels": .list(version.labels.map(Value.string)),
            "props": .map(version.properties),
            "valid_from": time(version.valid.from),
            "valid_to": time(version.valid.to),
            "system_from": time(version.system.from),
            "system_to": time(version.system.to),
        ]
        guard let geometry = version.geometry else {
            object["geometry"] = .null
            return JSONWriter.encode(.map(object))
        }
        object["geometry"] = .string("\u{0}")
        var bytes = JSONWriter.encode(.map(object))
        let placeholder = Array("\"\\u0000\"".utf8)
        if let range = firstRange(of: placeholder, in: bytes) {
            bytes.replaceSubrange(range, with: Array(geometry.utf8))
        }
        return bytes
    }

    static func firstRange(of needle: [UInt8], in haystack: [UInt8]) -> Range<Int>? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start..<start + needle.count]) == needle { return start..<start + needle.count }
        }
        return nil
    }

    static func edge(_ version: EdgeVersion) -> Value {
        .map([
            "id": .string(version.id),
            "from": .string(version.from),
            "to": .string(version.to),
            "type": .string(version.type),
            "props": .map(version.properties),
            "valid_from": time(version.valid.from),
            "valid_to": time(version.valid.to),
            "system_from": time(version.system.from),
            "system_to": time(version.system.to),
        ])
    }

    static func array(_ items: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (index, item) in items.enumerated() {
            out.append(contentsOf: index == 0 ? Array("\n  ".utf8) : Array(",\n  ".utf8))
            out.append(contentsOf: item)
        }
        out.append(contentsOf: items.isEmpty ? Array("]".utf8) : Array("\n]".utf8))
        return out
    }

    static func print(_ bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes + [0x0A]))
    }

    static func print(_ value: Value) { print(JSONWriter.encode(value)) }

    static func error(_ message: String) {
        FileHandle.standardError.write(Data("tessera: \(message)\n".utf8))
    }

    /// A progress note on standard error (standard output carries results only).
    static func note(_ message: String) {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
    }
}

/// Parses a time option: RFC 3339 (`2024-03-01T08:00:00Z`), a date (`2024-03-01`) or `now`.
func parseTimeOption(_ text: String?, _ name: String) throws -> Int64? {
    guard let text else { return nil }
    if text == "now" { return Time.nowMicros() }
    do { return try Time.parseOrExplain(text) } catch {
        throw ValidationError("--\(name) \"\(text)\": \(error); use e.g. 2024-03-01T08:00:00Z, 2024-03-01 or now")
    }
}

/// Opens an existing database or exits with a clear message.
func openGraph(_ path: String, readOnly: Bool) throws -> Graph {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
        Output.error("no database at \(path) (the directory does not exist; create one with `tessera load`)")
        throw ExitCode(1)
    }
    do {
        return try Graph(path: path, create: false, readOnly: readOnly)
    } catch {
        Output.error("cannot open \(path): \(error)")
        throw ExitCode(1)
    }
}
