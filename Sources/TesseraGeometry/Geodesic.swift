#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Distances on the WGS84 ellipsoid.
///
/// ``distanceMeters(_:_:)`` solves the inverse geodesic problem with Vincenty's iteration (1975), which
/// agrees with Karney's exact solution to within 0.5 mm wherever it converges. It fails to converge
/// only for nearly antipodal pairs (longitudes about 180° apart, latitudes nearly opposite); for those the
/// result falls back to a great-circle distance on a sphere of the mean radius, whose error there is below
/// 0.2% (the antipodal geodesic is between 20 003.9 km and 20 037.5 km long; the sphere gives 20 015.1 km).
public enum Geodesic {
    /// WGS84 semi-major axis in metres.
    public static let semiMajorAxisMeters = 6_378_137.0
    /// WGS84 flattening.
    public static let flattening = 1 / 298.257_223_563
    /// WGS84 semi-minor axis in metres.
    public static let semiMinorAxisMeters = semiMajorAxisMeters * (1 - flattening)
    /// The IUGG mean radius (2a + b) / 3 in metres.
    public static let meanRadiusMeters = (2 * semiMajorAxisMeters + semiMinorAxisMeters) / 3
    /// First eccentricity squared.
    static let eccentricitySquared = flattening * (2 - flattening)
    /// The smallest meridional radius of curvature, a(1 - e²), at the equator.
    static let minimumMeridionalRadiusMeters = semiMajorAxisMeters * (1 - eccentricitySquared)
    /// A lower bound on the metres in one degree of latitude anywhere (110 574.27 m at the equator).
    static let minimumMetersPerDegreeLatitude = minimumMeridionalRadiusMeters * .pi / 180

    /// The metres in one degree of longitude on the parallel at `latitude` (the parallel's radius × π/180).
    static func minimumMetersPerDegreeLongitude(atLatitude latitude: Double) -> Double {
        parallelRadiusMeters(atLatitude: latitude) * .pi / 180
    }

    /// The radius of the parallel at `latitude`: N(φ)·cos φ.
    static func parallelRadiusMeters(atLatitude latitude: Double) -> Double {
        let phi = latitude * .pi / 180
        let sine = sin(phi)
        return max(0, semiMajorAxisMeters * cos(phi) / (1 - eccentricitySquared * sine * sine).squareRoot())
    }

    /// The meridional radius of curvature M(φ) at `latitude`.
    static func meridionalRadiusMeters(atLatitude latitude: Double) -> Double {
        let sine = sin(latitude * .pi / 180)
        let w = 1 - eccentricitySquared * sine * sine
        return semiMajorAxisMeters * (1 - eccentricitySquared) / (w * w.squareRoot())
    }

    /// The ellipsoidal distance in metres between two positions (heights are ignored).
    public static func distanceMeters(_ a: Coordinate, _ b: Coordinate) -> Double {
        vincentyMeters(a.latitude, a.longitude, b.latitude, b.longitude)
            ?? greatCircleMeters(a, b, radiusMeters: meanRadiusMeters)
    }

    /// The great-circle distance on a sphere of `radiusMeters`, treating latitudes as spherical (haversine).
    static func greatCircleMeters(_ a: Coordinate, _ b: Coordinate, radiusMeters: Double) -> Double {
        radiusMeters * centralAngle(a.latitude, a.longitude, b.latitude, b.longitude)
    }

    /// The angle in radians between two positions seen from the centre of a sphere (haversine form).
    static func centralAngle(_ latitude1: Double, _ longitude1: Double, _ latitude2: Double, _ longitude2: Double)
        -> Double
    {
        let phi1 = latitude1 * .pi / 180
        let phi2 = latitude2 * .pi / 180
        let halfDeltaPhi = (phi2 - phi1) / 2
        let halfDeltaLambda = (longitude2 - longitude1) * .pi / 360
        let h =
            sin(halfDeltaPhi) * sin(halfDeltaPhi) + cos(phi1) * cos(phi2) * sin(halfDeltaLambda) * sin(halfDeltaLambda)
        return 2 * asin(min(1, h.squareRoot()))
    }

    /// Vincenty's inverse formula; nil when the iteration does not converge (nearly antipodal positions).
    static func vincentyMeters(_ latitude1: Double, _ longitude1: Double, _ latitude2: Double, _ longitude2: Double)
        -> Double?
    {
        let a = semiMajorAxisMeters
        let b = semiMinorAxisMeters
        let f = flattening
        var deltaLongitude = (longitude2 - longitude1).truncatingRemainder(dividingBy: 360)
        if deltaLongitude > 180 { deltaLongitude -= 360 }
        if deltaLongitude < -180 { deltaLongitude += 360 }
        let l = deltaLongitude * .pi / 180
        let u1 = atan((1 - f) * tan(latitude1 * .pi / 180))
        let u2 = atan((1 - f) * tan(latitude2 * .pi / 180))
        let (sinU1, cosU1, sinU2, cosU2) = (sin(u1), cos(u1), sin(u2), cos(u2))
        var lambda = l
        for _ in 0..<200 {
            let sinLambda = sin(lambda)
            let cosLambda = cos(lambda)
            let x = cosU2 * sinLambda
            let y = cosU1 * sinU2 - sinU1 * cosU2 * cosLambda
            let sinSigma = (x * x + y * y).squareRoot()
            if sinSigma == 0 { return 0 }  // coincident positions
            let cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda
            let sigma = atan2(sinSigma, cosSigma)
            let sinAlpha = cosU1 * cosU2 * sinLambda / sinSigma
            let cosSquaredAlpha = 1 - sinAlpha * sinAlpha
            // On the equator cos²α = 0 and the term below is undefined; its limit is 0.
            let cos2SigmaM = cosSquaredAlpha != 0 ? cosSigma - 2 * sinU1 * sinU2 / cosSquaredAlpha : 0
            let c = f / 16 * cosSquaredAlpha * (4 + f * (4 - 3 * cosSquaredAlpha))
            let previous = lambda
            lambda =
                l + (1 - c) * f * sinAlpha
                * (sigma + c * sinSigma * (cos2SigmaM + c * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)))
            if abs(lambda) > .pi { return nil }  // the antipodal region, where the iteration diverges
            if abs(lambda - previous) < 1e-12 {
                let uSquared = cosSquaredAlpha * (a * a - b * b) / (b * b)
                let bigA = 1 + uSquared / 16384 * (4096 + uSquared * (-768 + uSquared * (320 - 175 * uSquared)))
                let bigB = uSquared / 1024 * (256 + uSquared * (-128 + uSquared * (74 - 47 * uSquared)))
                let deltaSigma =
                    bigB * sinSigma
                    * (cos2SigmaM + bigB / 4
                        * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM) - bigB / 6 * cos2SigmaM
                            * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)))
                return b * bigA * (sigma - deltaSigma)
            }
        }
        return nil
    }

    /// A lower bound, in metres, on the ellipsoidal distance from `point` to any position inside `box`.
    ///
    /// The exact spherical distance to the box on a sphere of radius a(1 - e²), the smallest radius of
    /// curvature of the ellipsoid, which the ellipsoidal distance never undercuts. Zero inside the box.
    public static func lowerBoundMeters(from point: Coordinate, to box: BoundingBox) -> Double {
        minimumMeridionalRadiusMeters
            * boxAngle(
                point.latitude, point.longitude, box.minLongitude, box.minLatitude, box.maxLongitude, box.maxLatitude)
    }

    /// The central angle from a point to the nearest point of a longitude/latitude box on the sphere.
    @inline(__always)
    static func boxAngle(
        _ latitude: Double, _ longitude: Double, _ minX: Double, _ minY: Double, _ maxX: Double, _ maxY: Double
    ) -> Double {
        if longitude >= minX && longitude <= maxX {
            if latitude < minY { return (minY - latitude) * .pi / 180 }
            if latitude > maxY { return (latitude - maxY) * .pi / 180 }
            return 0
        }
        // Outside the box's longitudes: the nearest point lies on the nearer of its two meridian edges.
        let west = eastwardGap(from: longitude, to: minX)
        let east = eastwardGap(from: maxX, to: longitude)
        let edgeLongitude = west <= east ? minX : maxX
        let deltaDegrees = min(west, east)
        if deltaDegrees >= 90 {
            // The closest point of each meridian half is a pole-side corner or a pole.
            return min(
                centralAngle(latitude, longitude, minY, edgeLongitude),
                centralAngle(latitude, longitude, maxY, edgeLongitude))
        }
        // On the full meridian, the closest point has latitude atan(tan φ / cos Δλ); clamp it to the edge.
        let phi = latitude * .pi / 180
        let closest = atan(tan(phi) / cos(deltaDegrees * .pi / 180)) * 180 / .pi
        let clamped = min(max(closest, minY), maxY)
        return centralAngle(latitude, longitude, clamped, edgeLongitude)
    }

    /// A cheaper lower bound than ``lowerBoundMeters(from:to:)`` for many boxes around one point, as best-first
    /// searches need: no trigonometry per box near the point.
    ///
    /// For a box whose longitudes include the point's, the latitude gap (exact). Otherwise the larger of the
    /// latitude gap and the angle to the meridian great circle of the nearer edge, `asin(cos φ sin Δλ)`, bounded
    /// below by `cos φ (Δλ - Δλ³/6)` (both `asin x >= x` and `sin x >= x - x³/6` hold for `x >= 0`). Boxes 90° or
    /// more away, or wider than 90°, use the exact spherical bound. Either way the result never exceeds the
    /// ellipsoidal distance to the box; it is weaker than the exact bound only for boxes diagonal to the point.
    public struct BoxLowerBound: Sendable {
        let point: Coordinate
        let cosLatitude: Double

        public init(from point: Coordinate) {
            self.point = point
            cosLatitude = cos(point.latitude * .pi / 180)
        }

        @inline(__always)
        public func meters(to box: BoundingBox) -> Double {
            let latitude = point.latitude
            let latitudeGap = max(0, box.minLatitude - latitude, latitude - box.maxLatitude) * .pi / 180
            let longitude = point.longitude
            if longitude >= box.minLongitude && longitude <= box.maxLongitude {
                return minimumMeridionalRadiusMeters * latitudeGap
            }
            let gapDegrees = min(
                eastwardGap(from: longitude, to: box.minLongitude), eastwardGap(from: box.maxLongitude, to: longitude))
            guard gapDegrees < 90, box.maxLongitude - box.minLongitude < 90 else {
                return lowerBoundMeters(from: point, to: box)
            }
            let x = gapDegrees * .pi / 180
            let meridianAngle = cosLatitude * (x - x * x * x / 6)
            return minimumMeridionalRadiusMeters * max(latitudeGap, meridianAngle)
        }
    }

    /// Degrees travelled eastward from longitude `from` to `to`, in [0, 360).
    @inline(__always)
    static func eastwardGap(from: Double, to: Double) -> Double {
        let gap = (to - from).truncatingRemainder(dividingBy: 360)
        return gap < 0 ? gap + 360 : gap
    }
}
