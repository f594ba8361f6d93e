import TesseraCore
import TesseraGraph

extension GraphAccess {
    /// The nodes carrying the index's label whose property may lie in `ranges` under `pin`, with the
    /// statement's own writes applied exactly as ``nodes(label:pin:)`` applies them, in the same order.
    ///
    /// At an instant the engine returns the versions whose value is inside a range; over a valid-time
    /// interval every version in the interval of every entity the index names is a candidate. Either way
    /// the caller evaluates its predicate on each node.
    func nodes(index: PropertyIndex, ranges: [PropertyIndexRange], pin: TimePin) throws(QueryError) -> [NodeValue] {
        let label = index.label
        var result: [NodeValue] = []
        do {
            engineReads += 1
            if pin.isInstant {
                result = engineNodes(
                    try reader.entities(in: index, matching: ranges, validAt: pin.validFrom, system: pin.system),
                    pin: pin)
            } else {
                for id in try reader.entityIds(in: index, matching: ranges) where nodes[id] == nil {
                    result += try node(id, pin: pin).filter { $0.labels.contains(label) }
                }
            }
        } catch let error as QueryError {
            throw error
        } catch let error as GraphError {
            throw QueryError(.runtime, .storageError, error.message)
        } catch {
            throw QueryError(.runtime, .storageError, "\(error)")
        }
        return result + overlayNodes(label: label, pin: pin)
    }
}
