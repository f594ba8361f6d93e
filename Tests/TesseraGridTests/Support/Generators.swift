import PropertyBased
import TesseraGrid

/// Longitudes that stress the code: zone edges (6° multiples), 180°, 0° and -0°, 30' cell edges.
let specialLongitudes: [Double] = [
    -180, -179.5, -174, -120, -114.5, -114, -6, -0.5, -0.0, 0, 0.5, 6, 114, 116.5, 120, 174, 179.5, 180,
]
/// Latitudes that stress the code: the equator, band edges and the polar limits.
let specialLatitudes: [Double] = [-87.999_999_999, -84, -40, -4, -0.5, -0.0, 0, 0.5, 4, 39.5, 40, 84, 87.999_999_999]

/// Any longitude, half of them drawn on a level-10 grid line (multiples of 1/2048") or a special value.
let longitudeGen = Gen.oneOf(
    Gen.double(in: -180...180).eraseToAnySequence(),
    Gen.int64(in: -1_327_104_000...1_327_104_000).map { Double($0) / 7_372_800 }.eraseToAnySequence(),
    Gen<Double?>.element(of: specialLongitudes).map { $0 ?? 0 }.eraseToAnySequence()
)

/// Any latitude below the polar limit, likewise mixed with grid lines and special values.
let latitudeGen = Gen.oneOf(
    Gen.double(in: -87.999_999_999...87.999_999_999).eraseToAnySequence(),
    Gen.int64(in: -648_806_399...648_806_399).map { Double($0) / 7_372_800 }.eraseToAnySequence(),
    Gen<Double?>.element(of: specialLatitudes).map { $0 ?? 0 }.eraseToAnySequence()
)

/// Points where BeiDou codes are defined.
let pointGen = zip(longitudeGen, latitudeGen).map { GeoPoint(longitude: $0, latitude: $1) }

/// Any valid latitude, poles included (GeoSOT codes cover the whole globe).
let globalLatitudeGen = Gen.oneOf(
    Gen.double(in: -90...90).eraseToAnySequence(),
    Gen<Double?>.element(of: [-90, -88, 0, -0.0, 88, 90] + specialLatitudes).map { $0 ?? 0 }.eraseToAnySequence()
)
let globalPointGen = zip(longitudeGen, globalLatitudeGen).map { GeoPoint(longitude: $0, latitude: $1) }

/// BeiDou levels.
let beiDouLevelGen = Gen.int(in: 1...10)

/// Heights in the range of BeiDou 3D codes, mixed with values near the ground.
let heightGen = Gen.oneOf(
    Gen.double(in: -27_000...27_000).eraseToAnySequence(),
    Gen.double(in: -2...2).eraseToAnySequence(),
    Gen<Double?>.element(of: [0, -0.0, -0.001, 0.001, 100, -10, 1839.6, 9999, 25_125]).map { $0 ?? 0 }
        .eraseToAnySequence()
)

/// Slack for comparing computed cell edges with coordinates, in degrees (a level-10 cell is about 1.4e-7°).
let edgeSlackDegrees = 1e-12

/// Whether the box contains the point, allowing for rounding of its edges.
func loosely(_ box: GeoBox, contains point: GeoPoint) -> Bool {
    point.longitude >= box.west - edgeSlackDegrees && point.longitude <= box.east + edgeSlackDegrees
        && point.latitude >= box.south - edgeSlackDegrees && point.latitude <= box.north + edgeSlackDegrees
}

/// The error a throwing expression raises, or nil.
func gridError<T>(_ body: () throws(GridError) -> T) -> GridError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}
