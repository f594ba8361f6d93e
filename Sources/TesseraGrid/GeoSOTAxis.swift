/// One GeoSOT axis as a 32-bit integer (GB/T 40087-2021):
/// sign (west/south/below) | 8-bit degrees | 6-bit minutes | 6-bit seconds | 11-bit fraction of 1/2048".
///
/// Minutes and seconds have 64 slots, so values 60-63 are empty "virtual" cells. The height axis uses the
/// same layout for the ``LogHeight`` magnitude read as an angle in units of 1/2048".
@usableFromInline
enum GeoSOTAxis {
    /// Packs a sign and a magnitude in ``GridUnit``s (below 256°) into the axis layout.
    @inlinable
    static func pack(negative: Bool, magnitude: Int64) -> UInt32 {
        let degrees = magnitude / GridUnit.perDegree
        let belowDegree = magnitude - degrees * GridUnit.perDegree
        let minutes = belowDegree / GridUnit.perMinute
        let belowMinute = belowDegree - minutes * GridUnit.perMinute
        let seconds = belowMinute / GridUnit.perSecond
        let fraction = belowMinute - seconds * GridUnit.perSecond
        let packed = degrees << 23 | minutes << 17 | seconds << 11 | fraction
        return UInt32(truncatingIfNeeded: packed) | (negative ? 1 << 31 : 0)
    }

    /// The magnitude in ``GridUnit``s of the fields of `value` (sign ignored), with minutes and seconds clamped
    /// to 59 when `clamp` is set; nil for a virtual value when not clamping.
    @inlinable
    static func magnitude(_ value: UInt32, clamp: Bool) -> Int64? {
        var minutes = Int64(value >> 17 & 63)
        var seconds = Int64(value >> 11 & 63)
        if clamp {
            minutes = min(minutes, 59)
            seconds = min(seconds, 59)
        } else if minutes > 59 || seconds > 59 {
            return nil
        }
        return Int64(value >> 23 & 0xFF) * GridUnit.perDegree + minutes * GridUnit.perMinute + seconds
            * GridUnit.perSecond + Int64(value & 2047)
    }

    /// The ordinals (see ``GridUnit``) of the real values in the cell with the top `level` bits (1...32) of
    /// `prefix` fixed, up to `limit` units of magnitude; nil when the cell holds no real value.
    @inlinable
    static func ordinals(prefix: UInt32, level: Int, limit: Int64) -> ClosedRange<Int64>? {
        let free: UInt32 = level >= 32 ? 0 : UInt32.max >> UInt32(level)
        guard let low = magnitude(prefix & ~free, clamp: false), low <= limit,
            var high = magnitude(prefix | free, clamp: true)
        else { return nil }
        high = min(high, limit)
        return prefix & 1 << 31 != 0 ? -(high + 1)...(-(low + 1)) : low...high
    }
}
