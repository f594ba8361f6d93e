import TesseraCore

/// One stored or pending version in a ``Timeline``.
struct Slot<Content: Equatable> {
    var validFrom: Int64
    var validTo: Int64
    var systemFrom: Int64
    var systemTo: Int64
    var content: Content
    /// Already on disk (as opposed to created by the commit in progress).
    var stored: Bool
    /// On disk and superseded by the commit in progress.
    var dirty = false

    var isBelieved: Bool { systemTo == Time.forever }

    func overlaps(_ interval: TimeInterval64) -> Bool { validFrom < interval.to && interval.from < validTo }
}

/// The believed versions of one entity or edge during a commit, and the bitemporal write rules.
///
/// Only believed versions (systemTo = forever) are loaded: superseded ones never change again.
struct Timeline<Content: Equatable> {
    var slots: [Slot<Content>] = []

    /// Whether a believed version is valid at `instant`.
    func isValid(at instant: Int64) -> Bool {
        slots.contains { $0.isBelieved && $0.validFrom <= instant && instant < $0.validTo }
    }

    /// Makes `content` the belief over `interval` at system time `now`; false when nothing changes.
    mutating func put(_ content: Content, over interval: TimeInterval64, at now: Int64) -> Bool {
        let overlapping = slots.indices.filter { slots[$0].isBelieved && slots[$0].overlaps(interval) }
        if covers(interval, with: content, using: overlapping) { return false }
        supersede(overlapping, over: interval, at: now)
        slots.append(
            Slot(
                validFrom: interval.from, validTo: interval.to, systemFrom: now, systemTo: Time.forever,
                content: content, stored: false))
        return true
    }

    /// Retracts believed versions over `interval` whose content satisfies `matching`; false when none overlap.
    mutating func retract(over interval: TimeInterval64, at now: Int64, matching: (Content) -> Bool = { _ in true })
        -> Bool
    {
        let overlapping = slots.indices.filter {
            slots[$0].isBelieved && slots[$0].overlaps(interval) && matching(slots[$0].content)
        }
        guard !overlapping.isEmpty else { return false }
        supersede(overlapping, over: interval, at: now)
        return true
    }

    private func covers(_ interval: TimeInterval64, with content: Content, using indices: [Int]) -> Bool {
        let sorted = indices.map { slots[$0] }.sorted { $0.validFrom < $1.validFrom }
        guard let first = sorted.first, let last = sorted.last, first.validFrom <= interval.from,
            last.validTo >= interval.to
        else { return false }
        for (position, slot) in sorted.enumerated() {
            guard slot.content == content else { return false }
            if position > 0 && sorted[position - 1].validTo != slot.validFrom { return false }
        }
        return true
    }

    /// Ends the given versions at `now` and keeps their parts outside `interval` as new versions.
    private mutating func supersede(_ indices: [Int], over interval: TimeInterval64, at now: Int64) {
        var removals: [Int] = []
        for index in indices {
            let old = slots[index]
            if old.validFrom < interval.from {
                slots.append(
                    Slot(
                        validFrom: old.validFrom, validTo: interval.from, systemFrom: now, systemTo: Time.forever,
                        content: old.content, stored: false))
            }
            if old.validTo > interval.to {
                slots.append(
                    Slot(
                        validFrom: interval.to, validTo: old.validTo, systemFrom: now, systemTo: Time.forever,
                        content: old.content, stored: false))
            }
            if old.stored {
                slots[index].systemTo = now
                slots[index].dirty = true
            } else {
                removals.append(index)
            }
        }
        for index in removals.sorted(by: >) { slots.remove(at: index) }
    }
}
