import TesseraCore
import TesseraStorage

extension CommitContext {
    /// Writes the property-index entries of the versions this commit creates, in key order.
    ///
    /// Every declared index is maintained, populating or online. Superseding a version needs no
    /// change: entries carry no times, and the reader checks the version it finds.
    func emitPropertyIndexEntries(_ touched: [EntityState], into batch: WriteBatch) throws(GraphError) {
        let indexes = indexesByLabel()
        guard !indexes.isEmpty else { return }
        var keys: [[UInt8]] = []
        for entity in touched {
            for slot in entity.timeline.slots where !slot.stored {
                for (labelId, index) in indexes where slot.content.labels.contains(labelId) {
                    let value: Value?
                    do { value = try slot.content.propertyValue(index.property) } catch { throw GraphError.wrap(error) }
                    guard let value, let encoded = IndexValueEncoding.encode(value) else { continue }
                    keys.append(Keys.propertyIndex(index.id, value: encoded, entity: entity.id))
                }
            }
        }
        keys.sort { $0.lexicographicallyPrecedes($1) }
        var previous: [UInt8]?
        for key in keys where key != previous {
            batch.put(key, [])
            previous = key
        }
    }

    /// The declared indexes whose label has a catalog id (labels no entity ever carried have none).
    private func indexesByLabel() -> [(labelId: UInt32, index: PropertyIndex)] {
        propertyIndexes.compactMap { index in
            let known =
                catalog.id(.label, index.label)
                ?? catalogAdditions.first { $0.kind == .label && $0.name == index.label }?.id
            return known.map { ($0, index) }
        }
    }
}
