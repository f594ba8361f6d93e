import Foundation
import TesseraCore
import TesseraStorage
import Testing

@testable import TesseraGraph

/// The engine records whether any entity version ever carried a stored property named `id`, so that a query
/// looking up an id it does not find knows whether it must also scan for such a property.
@Suite struct IdPropertyTrackingTests {
    private static func scratch() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("tessera-idprop-\(UUID().uuidString)").path
    }

    @Test func aNewDatabaseKnowsItHasNoIdPropertyUntilOneIsWritten() throws {
        let path = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let graph = try Graph(path: path)
            #expect(try graph.reader().mayStoreIdProperty() == false)
            var plain = Transaction()
            try plain.putEntity(
                "a", labels: ["Thing"], properties: ["name": .string("a"), "ident": .int(1)], validFrom: 0)
            try graph.commit(plain)
            #expect(try graph.reader().mayStoreIdProperty() == false)
            // An `id` property equal to the external id hides nothing.
            var same = Transaction()
            try same.putEntity("c", labels: ["Thing"], properties: ["id": .string("c")], validFrom: 0)
            try graph.commit(same)
            #expect(try graph.reader().mayStoreIdProperty() == false)
            let before = graph.reader()
            var withId = Transaction()
            try withId.putEntity("b", labels: ["Thing"], properties: ["id": .string("alias")], validFrom: 0)
            try graph.commit(withId)
            #expect(try graph.reader().mayStoreIdProperty() == true)
            // A snapshot taken before that commit still answers for its own state.
            #expect(try before.mayStoreIdProperty() == false)
        }
        // Persisted with the engine state.
        let reopened = try Graph(path: path)
        #expect(try reopened.reader().mayStoreIdProperty() == true)
    }

    @Test func bulkLoadedIdPropertiesAreTracked() throws {
        let path = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = path + ".ndjson"
        defer { try? FileManager.default.removeItem(atPath: file) }
        let lines = [
            #"{"id": "p1", "type": "poi", "valid_from": "2025-01-01T00:00:00Z", "props": {"a": [1, {"b": 2}], "name": "x"}}"#,
            #"{"id": "p2", "type": "poi", "valid_from": "2025-01-01T00:00:00Z", "props": {"id": "p2", "z": 1}}"#,
        ]
        try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let graph = try Graph(path: path)
        _ = try BulkLoader(graph: graph).load(paths: [file])
        #expect(try graph.reader().mayStoreIdProperty() == false)
        let more = #"{"id": "p3", "type": "poi", "valid_from": "2025-01-01T00:00:00Z", "props": {"id": 7}}"#
        try (more + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        _ = try BulkLoader(graph: graph).load(paths: [file])
        #expect(try graph.reader().mayStoreIdProperty() == true)
    }

    @Test func anEngineStateWrittenBeforeTrackingAnswersMaybe() throws {
        let path = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let graph = try Graph(path: path)
        var state = try WriterState.decode(try #require(try graph.store.get(WriterState.key)))
        #expect(state.storesIdProperty == false)
        state.storesIdProperty = nil
        let batch = WriteBatch()
        batch.put(WriterState.key, state.encoded())
        try graph.store.write(batch)
        try graph.resetWriter()
        #expect(try graph.reader().mayStoreIdProperty() == true)
        // Later commits keep it unknown rather than claiming there is none.
        var plain = Transaction()
        try plain.putEntity("a", labels: ["Thing"], properties: ["id": .string("a")], validFrom: 0)
        try graph.commit(plain)
        #expect(try graph.reader().mayStoreIdProperty() == true)
        // A scan establishes it: an id property equal to the external id hides nothing.
        #expect(try graph.establishIdPropertyTracking() == false)
        #expect(try graph.reader().mayStoreIdProperty() == false)
        #expect(try graph.establishIdPropertyTracking() == nil, "already known: nothing scanned")
        // ... and it is tracked from then on, also across a reopen.
        var shadowing = Transaction()
        try shadowing.putEntity("b", labels: ["Thing"], properties: ["id": .int(5)], validFrom: 0)
        try graph.commit(shadowing)
        #expect(try graph.reader().mayStoreIdProperty() == true)
    }

    @Test func theScanFindsAShadowingIdPropertyInAnOlderVersion() throws {
        let path = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let graph = try Graph(path: path)
        var history = Transaction()
        try history.putEntity("a", labels: ["Thing"], properties: ["id": .string("a")], validFrom: 0, validTo: 10)
        try history.putEntity("b", labels: ["Thing"], properties: ["id": .string("other")], validFrom: 0, validTo: 10)
        try history.putEntity("b", labels: ["Thing"], properties: [:], validFrom: 10)
        try graph.commit(history)
        var state = try WriterState.decode(try #require(try graph.store.get(WriterState.key)))
        state.storesIdProperty = nil
        let batch = WriteBatch()
        batch.put(WriterState.key, state.encoded())
        try graph.store.write(batch)
        try graph.resetWriter()
        #expect(try graph.establishIdPropertyTracking() == true)
        #expect(try graph.reader().mayStoreIdProperty() == true)
    }
}
