import Foundation
import TesseraTestSupport
import Testing

@testable import TesseraGraph

/// The loader's reading thread cuts the input into batches: every line lands in exactly one batch, in order;
/// a batch ends where the next one starts (the resume position), and a full batch takes the further
/// consecutive versions of the entity it ended with (bounded), so the next commit does not read them back.
@Suite struct BatchCutTests {
    private static func entityLine(_ id: String, _ day: Int) -> String {
        #"{"id":"\#(id)","type":"sensor","valid_from":"2024-01-\#(String(format: "%02d", day))T00:00:00Z","props":{}}"#
    }

    private static func edgeLine(_ id: String, _ from: String, _ to: String) -> String {
        #"{"id":"\#(id)","from":"\#(from)","to":"\#(to)","type":"NEAR","valid_from":"2024-01-28T00:00:00Z"}"#
    }

    @Test func batchesCoverEveryLineAndKeepAnEntitysRunTogether() throws {
        var random = SeededRandom(seed: 11)
        for round in 0..<40 {
            // Runs of 1-9 versions per entity, edges and a blank or broken line now and then.
            var lines: [String] = []
            var owner: [String?] = []  // the entity a line writes, per line
            var entity = 0
            while lines.count < 300 {
                switch Int.random(in: 0..<10, using: &random) {
                case 0:
                    lines.append(Self.edgeLine("e\(lines.count)", "s\(max(0, entity - 1))", "s\(entity)"))
                    owner.append(nil)
                case 1:
                    lines.append(Bool.random(using: &random) ? "" : "{broken")
                    owner.append(nil)
                default:
                    entity += 1
                    for day in 1...Int.random(in: 1...9, using: &random) {
                        lines.append(Self.entityLine("s\(entity)", day))
                        owner.append("s\(entity)")
                    }
                }
            }
            let path = NSTemporaryDirectory() + "batch-cut-\(UUID().uuidString).ndjson"
            defer { try? FileManager.default.removeItem(atPath: path) }
            let text = lines.joined(separator: "\n") + (round % 2 == 0 ? "\n" : "")
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let batchLines = Int.random(in: 1...25, using: &random)
            let queue = BatchQueue(capacity: 10_000)
            BulkLoader.produce(
                reader: try LineReader(path: path), startLine: 0, batchLines: batchLines,
                validator: GeometryValidator(), into: queue)
            queue.cancel()
            var batches: [BulkLoader.Batch] = []
            while let next = queue.pop() { batches.append(try next.get()) }

            // Every non-blank line once, in order.
            let numbers = batches.flatMap { $0.lines.map(\.number) }
            let expected = lines.indices.filter { !lines[$0].isEmpty }.map { $0 + 1 }
            #expect(numbers == expected, "round \(round)")
            #expect(batches.last?.isLast == true)
            #expect(batches.dropLast().allSatisfy { !$0.isLast })
            let utf8 = Array(text.utf8)
            let lineStarts = [0] + utf8.indices.filter { utf8[$0] == 0x0A }.map { $0 + 1 }
            for (index, batch) in batches.enumerated() {
                #expect(batch.lines.count <= 2 * batchLines, "round \(round) batch \(index)")
                // The resume position: the byte just after line `endLine`.
                let endOffset = batch.endLine < lineStarts.count ? lineStarts[batch.endLine] : utf8.count
                #expect(Int(batch.endOffset) == min(endOffset, utf8.count), "round \(round) batch \(index)")
                guard index + 1 < batches.count, let next = batches[index + 1].lines.first else { continue }
                #expect(next.number > batch.endLine)
                // A batch that stops inside an entity's run does so only at the bound.
                if let last = batch.lines.last, let name = owner[last.number - 1], owner[next.number - 1] == name {
                    #expect(batch.lines.count == 2 * batchLines, "round \(round) batch \(index) split \(name)")
                }
            }
        }
    }
}
