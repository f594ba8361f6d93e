#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a file (or standard input) line by line in large chunks, lending each line's bytes.
///
/// Why @unchecked Sendable: the loader creates it on one thread and hands it to the reading thread,
/// which is its only user from then on.
final class LineReader: @unchecked Sendable {
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private var buffer: UnsafeMutableBufferPointer<UInt8>
    private var start = 0
    private var end = 0
    private var atEOF = false
    /// File offset of `buffer[0]`.
    private var bufferOffset: Int64
    /// The file offset just past the last line returned.
    private(set) var offset: Int64
    static let chunkBytes = 4 << 20

    /// Opens `path` (`-` for standard input) positioned at `offset`.
    init(path: String, offset: Int64 = 0) throws(IngestFailure) {
        if path == "-" {
            descriptor = 0
            ownsDescriptor = false
        } else {
            descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else {
                throw IngestFailure("cannot open \(path): \(String(cString: strerror(errno)))")
            }
            ownsDescriptor = true
            if offset > 0 && lseek(descriptor, off_t(offset), SEEK_SET) < 0 {
                close(descriptor)
                throw IngestFailure("cannot seek in \(path): \(String(cString: strerror(errno)))")
            }
        }
        bufferOffset = offset
        self.offset = offset
        buffer = UnsafeMutableBufferPointer.allocate(capacity: Self.chunkBytes)
    }

    deinit {
        buffer.deallocate()
        if ownsDescriptor { close(descriptor) }
    }

    /// Calls `body` with the next line (without its newline) and returns true, or returns false at the end.
    func nextLine(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Bool {
        while true {
            if start < end, let base = buffer.baseAddress,
                let newline = memchr(base + start, 0x0A, end - start)
            {
                let lineEnd = base.distance(to: newline.assumingMemoryBound(to: UInt8.self))
                let lineStart = start
                start = lineEnd + 1
                offset = bufferOffset + Int64(start)
                try body(trimCarriageReturn(lineStart, lineEnd))
                return true
            }
            if atEOF {
                guard start < end else { return false }
                let lineStart = start
                start = end
                offset = bufferOffset + Int64(end)
                try body(trimCarriageReturn(lineStart, end))
                return true
            }
            try refill()
        }
    }

    private func trimCarriageReturn(_ lower: Int, _ upper: Int) -> UnsafeBufferPointer<UInt8> {
        var upper = upper
        if upper > lower && buffer[upper - 1] == 0x0D { upper -= 1 }
        return UnsafeBufferPointer(rebasing: buffer[lower..<upper])
    }

    private func refill() throws(IngestFailure) {
        if start > 0 {
            let remaining = end - start
            if remaining > 0, let base = buffer.baseAddress { memmove(base, base + start, remaining) }
            bufferOffset += Int64(start)
            end = remaining
            start = 0
        }
        if end == buffer.count {
            let larger = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: buffer.count * 2)
            if let source = buffer.baseAddress, let target = larger.baseAddress { memcpy(target, source, end) }
            buffer.deallocate()
            buffer = larger
        }
        guard let base = buffer.baseAddress else { return }
        let count = read(descriptor, base + end, buffer.count - end)
        if count < 0 {
            if errno == EINTR { return }
            throw IngestFailure("read failed: \(String(cString: strerror(errno)))")
        }
        if count == 0 { atEOF = true }
        end += count
    }
}

/// A load that cannot go on (unreadable file, storage failure, too many rejected lines).
public struct IngestFailure: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}
