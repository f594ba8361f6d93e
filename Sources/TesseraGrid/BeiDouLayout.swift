/// The shape of the ten BeiDou levels (GB/T 39409-2020) in ``GridUnit``s.
///
/// Every level's cells align to multiples of its width counted from the prime meridian and the equator, in
/// both hemispheres (the code mirrors west and south), so a cell is a global column and row at its level.
@usableFromInline
enum BeiDouLayout {
    /// The finest level.
    @inlinable static var maxLevel: Int { 10 }
    /// Six degrees: a level-1 zone.
    @inlinable static var zoneWidth: Int64 { 44_236_800 }
    /// Four degrees: a level-1 band.
    @inlinable static var bandHeight: Int64 { 29_491_200 }
    /// 88 degrees: codes stop at the polar caps.
    @inlinable static var polarLimit: Int64 { 648_806_400 }
    /// 180 degrees.
    @inlinable static var halfTurn: Int64 { 1_327_104_000 }

    /// The longitude width of a cell at `level` (1...10).
    @inlinable
    static func width(_ level: Int) -> Int64 {
        switch level {
        case 1: 44_236_800  // 6°
        case 2: 3_686_400  // 30'
        case 3: 1_843_200  // 15'
        case 4: 122_880  // 1'
        case 5: 8_192  // 4"
        case 6: 4_096  // 2"
        case 7: 512  // 1/4"
        case 8: 64  // 1/32"
        case 9: 8  // 1/256"
        default: 1  // 1/2048"
        }
    }

    /// The latitude height of a cell at `level` (1...10).
    @inlinable
    static func height(_ level: Int) -> Int64 {
        switch level {
        case 1: 29_491_200  // 4°
        case 3: 1_228_800  // 10'
        default: width(level)
        }
    }

    /// Columns and rows a cell at `level` (2...10) divides its parent into.
    @usableFromInline
    static func divisions(_ level: Int) -> (columns: Int, rows: Int) {
        switch level {
        case 2: (12, 8)
        case 3: (2, 3)
        case 4: (15, 10)
        case 5: (15, 15)
        case 6: (2, 2)
        default: (8, 8)
        }
    }

    /// Whether `level` writes one character `row * 2 + column` (levels 3 and 6) rather than column then row.
    @usableFromInline
    static func isSingleCharacter(_ level: Int) -> Bool {
        level == 3 || level == 6
    }

    /// Length of a 2D code at `level` (1...10).
    @usableFromInline
    static func codeLength(_ level: Int) -> Int {
        switch level {
        case 1: 4
        case 2: 6
        case 3: 7
        case 4: 9
        case 5: 11
        case 6: 12
        default: 12 + 2 * (level - 6)
        }
    }

    /// The level-10 ordinal of a longitude already checked to lie in -180...180, with the standard's clamps.
    ///
    /// Zones follow `floor(lng / 6) + 31`, so a western point exactly on a 6° meridian belongs to the zone east of
    /// it, where it is the far edge of the last column (there is no column 12); 180° belongs to zone 60.
    @inlinable
    static func longitudeOrdinal(_ longitude: Double) -> Int64 {
        let magnitude = GridUnit.magnitude(longitude)
        if longitude >= 0 {
            return magnitude == halfTurn ? magnitude - 1 : magnitude
        }
        if magnitude % zoneWidth == 0, longitude.magnitude == Double(magnitude / GridUnit.perDegree) {
            return -magnitude
        }
        return -(magnitude + 1)
    }

    /// The level-10 ordinal of a latitude already checked to lie strictly inside ±88°.
    @inlinable
    static func latitudeOrdinal(_ latitude: Double) -> Int64 {
        // A latitude just below 88° can round up to exactly 88° in units; it belongs to the last row.
        let magnitude = min(GridUnit.magnitude(latitude), polarLimit - 1)
        return latitude < 0 ? -(magnitude + 1) : magnitude
    }

    /// The magnitude of the corner nearest the origin of global cell `index` of size `size`.
    @inlinable
    static func corner(_ index: Int64, _ size: Int64) -> Int64 {
        index >= 0 ? index * size : (-index - 1) * size
    }

    /// The global index of the cell of size `size` whose corner nearest the origin has magnitude `corner`.
    @inlinable
    static func index(corner: Int64, negative: Bool, _ size: Int64) -> Int64 {
        negative ? -(corner / size) - 1 : corner / size
    }
}
