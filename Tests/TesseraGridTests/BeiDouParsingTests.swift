import TesseraGrid
import Testing

@Suite("BeiDou code parsing: errors name the character and say what is accepted")
struct BeiDouParsingTests {
    static let valid = [
        "N50J", "S01V", "N60A", "N50J47", "N50JB7", "N50J475", "N50J47539", "N50J475E9", "N50J47539B8", "N50J47539EE",
        "N50J47539B82", "N50J47539B8255", "N50J47539B825534", "N50J47539B82553461", "N50J47539B8255346152",
    ]

    @Test("valid codes parse and format back unchanged", arguments: valid)
    func validCodesRoundTrip(code: String) throws {
        let cell = try BeiDouCell(code: code)
        #expect(cell.code == code)
        #expect(cell.description == code)
        let box = cell.bounds
        let centre = GeoPoint(longitude: (box.west + box.east) / 2, latitude: (box.south + box.north) / 2)
        #expect(try BeiDouCell(containing: centre, level: cell.level) == cell)
    }

    /// (code, zero-based offset of the blamed character, kind, words the message must contain)
    static let invalid: [(String, Int, GridError.Kind, String)] = [
        ("", 0, .invalidCode, "empty"),
        ("X50J", 0, .invalidCode, "N or S"),
        ("n50J", 0, .invalidCode, "upper case"),
        ("N5", 2, .invalidCode, "ends inside level 1"),
        ("N61J", 1, .invalidCode, "zones are 01-60"),
        ("N00J", 1, .invalidCode, "zones are 01-60"),
        ("N5XJ", 2, .invalidCode, "zone digit"),
        ("N50W", 3, .polarCap, "polar cap"),
        ("N50j", 3, .invalidCode, "upper case"),
        ("N50@", 3, .invalidCode, "A-V"),
        ("N50J4", 5, .invalidCode, "a level-2 code has 6 characters"),
        ("N50JC7", 4, .invalidCode, "level-2 column: expected 0-9 or A-B"),
        ("N50J48", 5, .invalidCode, "level-2 row: expected 0-7"),
        ("N50Jb7", 4, .invalidCode, "upper case"),
        ("N50J476", 6, .invalidCode, "level-3 digit (row * 2 + column): expected 0-5"),
        ("N50J475F9", 7, .invalidCode, "level-4 column: expected 0-9 or A-E"),
        ("N50J4753A", 8, .invalidCode, "level-4 row: expected 0-9"),
        ("N50J47539BF", 10, .invalidCode, "level-5 row"),
        ("N50J47539B84", 11, .invalidCode, "level-6 digit"),
        ("N50J47539B8285", 12, .invalidCode, "level-7 column: expected 0-7"),
        ("N50J47539B825534615", 19, .invalidCode, "a level-10 code has 20 characters"),
        ("N50J47539B82553461520", 20, .invalidCode, "past the end"),
        ("N50J47 39", 6, .invalidCode, "level-3 digit"),
        ("N50J4é", 5, .invalidCode, "non-ASCII"),
    ]

    @Test("invalid codes are rejected at the right character", arguments: invalid)
    func invalidCodesRejected(code: String, offset: Int, kind: GridError.Kind, words: String) {
        let error = gridError { () throws(GridError) in try BeiDouCell(code: code) }
        #expect(error?.kind == kind)
        #expect(error?.offset == offset)
        #expect(error?.message.contains(words) == true, "\(error?.message ?? "no error")")
        if offset < code.utf8.count {
            #expect(error?.message.contains("character \(offset + 1) ") == true, "\(error?.message ?? "")")
        }
    }

    @Test("an error message quotes the code and explains the character")
    func messageShape() {
        let error = gridError { () throws(GridError) in try BeiDouCell(code: "N50J48") }
        #expect(
            error?.description
                == #"invalid BeiDou code "N50J48": character 6 '8' is not a level-2 row: expected 0-7"#)
    }
}
