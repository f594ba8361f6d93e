#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Local plane projections around a centre, used to measure in metres with GEOS's planar algorithms.
enum LocalProjection {
    /// A scaled equirectangular projection in degrees of latitude: x = Δλ·k, y = φ, where
    /// k = N(φ₀)·cos φ₀ / M(φ₀) makes a degree east as long as a degree north at the centre latitude φ₀.
    ///
    /// It is affine in longitude and latitude, so straight edges stay straight and nearest points found in the
    /// plane lie on the original edges.
    struct Equirectangular {
        let centerLongitude: Double
        let scale: Double

        init(center: Coordinate) {
            centerLongitude = center.longitude
            let latitude = min(max(center.latitude, -89.999_999), 89.999_999)
            scale =
                Geodesic.parallelRadiusMeters(atLatitude: latitude)
                / Geodesic.meridionalRadiusMeters(atLatitude: latitude)
        }

        func forward(_ point: Coordinate) -> Coordinate {
            Coordinate(longitude: (point.longitude - centerLongitude) * scale, latitude: point.latitude)
        }

        func inverse(_ point: Coordinate) -> Coordinate {
            Coordinate(longitude: point.longitude / scale + centerLongitude, latitude: point.latitude)
        }
    }

    /// Lambert azimuthal equal-area on the WGS84 ellipsoid (Snyder 1987, eqs. 3-11, 24-2 to 24-4), in metres.
    ///
    /// Equal-area at every point, so the area of a projected polygon differs from the ellipsoidal area only
    /// through the shape of the edges between vertices.
    struct LambertEqualArea {
        let centerLongitude: Double
        let sinBeta1: Double
        let cosBeta1: Double
        let authalicRadius: Double
        let d: Double

        static let e = Geodesic.eccentricitySquared.squareRoot()
        static let qPole = q(1)

        /// Snyder's q for sin φ.
        static func q(_ sinPhi: Double) -> Double {
            let e = Self.e
            let e2 = Geodesic.eccentricitySquared
            return (1 - e2)
                * (sinPhi / (1 - e2 * sinPhi * sinPhi) - 1 / (2 * e) * log((1 - e * sinPhi) / (1 + e * sinPhi)))
        }

        init(center: Coordinate) {
            centerLongitude = center.longitude
            let phi1 = center.latitude * .pi / 180
            let sinPhi1 = sin(phi1)
            authalicRadius = Geodesic.semiMajorAxisMeters * (Self.qPole / 2).squareRoot()
            let beta1 = asin(min(1, max(-1, Self.q(sinPhi1) / Self.qPole)))
            sinBeta1 = sin(beta1)
            cosBeta1 = cos(beta1)
            let m1 = cos(phi1) / (1 - Geodesic.eccentricitySquared * sinPhi1 * sinPhi1).squareRoot()
            d = cosBeta1 > 1e-12 ? Geodesic.semiMajorAxisMeters * m1 / (authalicRadius * cosBeta1) : 1
        }

        func forward(_ point: Coordinate) -> Coordinate {
            let beta = asin(min(1, max(-1, Self.q(sin(point.latitude * .pi / 180)) / Self.qPole)))
            let deltaLambda = (point.longitude - centerLongitude) * .pi / 180
            let denominator = 1 + sinBeta1 * sin(beta) + cosBeta1 * cos(beta) * cos(deltaLambda)
            let b = authalicRadius * (2 / max(denominator, 1e-300)).squareRoot()
            let x = b * d * cos(beta) * sin(deltaLambda)
            let y = (b / d) * (cosBeta1 * sin(beta) - sinBeta1 * cos(beta) * cos(deltaLambda))
            return Coordinate(longitude: x, latitude: y)
        }
    }
}
