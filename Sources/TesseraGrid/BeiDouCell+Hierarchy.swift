extension BeiDouCell {
    /// The cell one level up, or nil at level 1.
    public var parent: BeiDouCell? {
        level > 1 ? ancestor(atLevel: level - 1) : nil
    }

    /// The cell at `level` (1...self.level) that contains this one.
    public func ancestor(atLevel level: Int) -> BeiDouCell {
        precondition(level >= 1 && level <= self.level, "an ancestor's level must be 1...\(self.level)")
        let column = BeiDouLayout.corner(Int64(storedColumn), BeiDouLayout.width(self.level))
        let row = BeiDouLayout.corner(Int64(storedRow), BeiDouLayout.height(self.level))
        return BeiDouCell(
            level: level,
            column: BeiDouLayout.index(corner: column, negative: storedColumn < 0, BeiDouLayout.width(level)),
            row: BeiDouLayout.index(corner: row, negative: storedRow < 0, BeiDouLayout.height(level)))
    }

    /// Whether `other` is this cell or one of its descendants.
    public func contains(_ other: BeiDouCell) -> Bool {
        other.level >= level && other.ancestor(atLevel: level) == self
    }

    /// The cells one level down, in code order; empty at level 10. They tile this cell exactly.
    public var children: [BeiDouCell] {
        let level = self.level
        guard level < BeiDouLayout.maxLevel else { return [] }
        let childLevel = level + 1
        let (columns, rows) = BeiDouLayout.divisions(childLevel)
        let width = BeiDouLayout.width(childLevel)
        let height = BeiDouLayout.height(childLevel)
        let cornerX = BeiDouLayout.corner(Int64(storedColumn), BeiDouLayout.width(level))
        let cornerY = BeiDouLayout.corner(Int64(storedRow), BeiDouLayout.height(level))
        let west = storedColumn < 0
        let south = storedRow < 0
        var result: [BeiDouCell] = []
        result.reserveCapacity(columns * rows)
        func append(_ column: Int, _ row: Int) {
            result.append(
                BeiDouCell(
                    level: childLevel,
                    column: BeiDouLayout.index(corner: cornerX + Int64(column) * width, negative: west, width),
                    row: BeiDouLayout.index(corner: cornerY + Int64(row) * height, negative: south, height)))
        }
        if BeiDouLayout.isSingleCharacter(childLevel) {
            for digit in 0..<(columns * rows) { append(digit % 2, digit / 2) }
        } else {
            for column in 0..<columns {
                for row in 0..<rows { append(column, row) }
            }
        }
        return result
    }

    /// The cell `columns` to the east and `rows` to the north at the same level, or nil past the polar limit
    /// (88°). Longitude wraps around the antimeridian.
    public func offset(eastward columns: Int, northward rows: Int) -> BeiDouCell? {
        let level = self.level
        let columnCount = 2 * BeiDouLayout.halfTurn / BeiDouLayout.width(level)
        let rowLimit = BeiDouLayout.polarLimit / BeiDouLayout.height(level)
        let row = Int64(storedRow) + Int64(rows)
        guard row >= -rowLimit, row < rowLimit else { return nil }
        var column = (Int64(storedColumn) + Int64(columns) + columnCount / 2) % columnCount
        if column < 0 { column += columnCount }
        return BeiDouCell(level: level, column: column - columnCount / 2, row: row)
    }

    /// The up to eight cells that share an edge or a corner with this one, row by row from the south-west.
    ///
    /// Cells next to the polar limit have fewer; longitude wraps around the antimeridian.
    public var neighbors: [BeiDouCell] {
        var result: [BeiDouCell] = []
        result.reserveCapacity(8)
        for rows in -1...1 {
            for columns in -1...1 where columns != 0 || rows != 0 {
                if let cell = offset(eastward: columns, northward: rows) { result.append(cell) }
            }
        }
        return result
    }
}
