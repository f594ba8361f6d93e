/// Real statements the parser fuzzer starts from: every example of `Grammar/examples` and the statements
/// below, which between them use every clause, expression form, literal form and time pin of TQL.
enum ParserFuzzCorpus {
    /// The example files and the inline statements.
    static func statements() throws -> [String] {
        try GrammarTests.exampleNames().map { try GrammarTests.read("examples/" + $0) } + inline
    }

    /// The keywords of `Grammar/keywords.txt`.
    static func keywords() throws -> [String] { try GrammarTests.keywordLines() }

    static let inline: [String] = [
        """
        MATCH (n:Person {name: 'Ann'})-[r:KNOWS*1..3]->(m) WHERE m.age > 30 AND NOT m:Robot
        RETURN n.name, count(DISTINCT m) AS friends ORDER BY friends DESC SKIP 1 LIMIT 10
        """,
        "OPTIONAL MATCH (a)-[:LIKES]-(b) WITH a, collect(b) AS bs WHERE size(bs) > 2 RETURN a, bs",
        "UNWIND [1, 2, 3] AS x UNWIND [x, x * 2] AS y RETURN x, y",
        "MATCH (n) RETURN n.id AS id UNION MATCH (m) RETURN m.id AS id UNION ALL RETURN 1 AS id",
        "RETURN CASE WHEN 1 < 2 THEN 'yes' ELSE 'no' END, CASE 3 WHEN 1 THEN 'a' WHEN 3 THEN 'c' END AS c",
        "RETURN [x IN [1, 2, 3, 4] WHERE x % 2 = 0 | x * x] AS evens, [y IN ['a', 'b'] | toUpper(y)] AS up",
        "MATCH (b:Building) RETURN b {.id, .floors, kind: 'building', .*} AS doc",
        "MATCH (a:Sensor) RETURN [(a)-[:ATTACHED_TO]->(b:Building) WHERE b.floors > 3 | b.id] AS buildings",
        "MATCH (n) WHERE n.id IN $ids AND n.age >= $min RETURN n SKIP $skip LIMIT $limit",
        "MATCH (b:Building) FOR VALID_TIME AS OF datetime('2025-06-01T00:00:00Z') RETURN b",
        "MATCH (b:Building) FOR SYSTEM_TIME AS OF datetime('2025-03-01T00:00:00Z') RETURN b.id",
        "MATCH (b:Building) FOR VALID_TIME FROM date('2024-01-01') TO date('2025-01-01') RETURN validFrom(b), validTo(b)",
        "FOR VALID_TIME AS OF 1700000000000000 FOR SYSTEM_TIME AS OF 1700000000000000 MATCH (n) RETURN n",
        "FOR VALID_TIME FROM '2024-01-01T00:00:00Z' TO '2024-02-01T00:00:00Z' CREATE (:Event {id: 'e1'})",
        """
        CREATE (a:Person {name: 'Ann', tags: ['x', 'y']})-[:KNOWS {since: 2020}]->(b:Person {name: 'Bob'})
        RETURN a, b
        """,
        "MERGE (s:Sensor {id: 's1'}) ON CREATE SET s.created = timestamp(), s.n = 1 ON MATCH SET s.n = s.n + 1 RETURN s",
        "MERGE (a:A {id: 'a'})-[:R]->(b:B {id: 'b'}) ON MATCH SET a.seen = true",
        "MATCH (n:Temp) DELETE n",
        "MATCH (n:Temp) DETACH DELETE n",
        "EXPLAIN MATCH (n:Person) WHERE n.age > 20 RETURN n.name",
        "PROFILE MATCH (n) RETURN count(*)",
        #"RETURN 'tab\t newline\n quote\' dquote\" backslash\\ unicode\u00e9 \U0001F600' AS s, "double 'single'" AS d"#,
        "// leading comment\nMATCH (n) /* inline\n block */ RETURN n // trailing",
        "MATCH (`weird node`:`Label-With-Dashes` {`key with space`: 1}) RETURN `weird node`.`key with space` AS `a``b`",
        "MATCH p = shortestPath((a:J {id: 'j1'})-[:ROAD*..10]-(b:J {id: 'j2'})) RETURN nodes(p), length(p)",
        "MATCH p = allShortestPaths((a)-[*]-(b)) RETURN p",
        "MATCH (a)<-[r:R|S|:T*2]-(b)-->(c)<--(d)--(e) RETURN a, r, b, c, d, e",
        "MATCH (n) SET n:Tall:Landmark, n.x = 1, n += {y: 2}, n = {z: 3} REMOVE n:Old, n.w RETURN n",
        "MATCH (n) SET (n).x = 1 RETURN n",
        """
        MATCH (n) WHERE n.name STARTS WITH 'A' OR n.name ENDS WITH 'z' XOR n.name CONTAINS 'q'
          AND n.name =~ 'A.*' RETURN n
        """,
        "RETURN 1 + 2 * 3 ^ 2 - -4 / 2 % 3, 0x1F, 0o17, 017, 1_000, 1.5e3, .25, 2E-2, -9223372036854775808",
        "RETURN null IS NULL, 1 IS NOT NULL, 1 < 2 <= 3 > 0 >= 0 <> 5 != 6 = 6",
        "WITH {a: {b: [1, {c: 2}]}} AS m RETURN m.a.b[1].c, m['a']['b'][0], m.a.b[0..1], m.a.b[..1], m.a.b[1..]",
        """
        RETURN reduce(acc = 0, x IN [1, 2, 3] | acc + x), all(x IN [1] WHERE x > 0), any(x IN [] WHERE true),
          none(x IN [1] WHERE x < 0), single(x IN [1] WHERE x = 1)
        """,
        "MATCH (b) WHERE EXISTS { MATCH (b)-[:R]->(c) WHERE c.v > 1 } AND exists((b)--()) RETURN b",
        "MATCH (n) RETURN count(*), count(n), collect(DISTINCT n.x), avg(n.v), min(n.v), max(n.v), sum(n.v)",
        "CALL db.labels() YIELD label",
        "UNWIND $rows AS row MERGE (n:Item {id: row.id}) ON CREATE SET n.name = row.name",
        "MATCH (n) WITH DISTINCT n.kind AS kind ORDER BY kind ASCENDING SKIP 0 LIMIT 5 RETURN *",
        "MATCH (n) RETURN DISTINCT *, n.x AS x",
        "MATCH (n) WHERE n:A:B AND (n)-[:R*0..]->(:C) RETURN n.a.b.c",
        """
        RETURN point({longitude: 116.3, latitude: 39.9}), distance(point({x: 1, y: 2}), point({x: 3, y: 4})),
          date.truncate('month', date('2025-06-15'))
        """,
        "RETURN $`weird param`, $0, $p.x, $list[0]",
        "MATCH (a), (b) WHERE a.id = 'x' CREATE (a)-[:LINK]->(b)",
        "MATCH (n)\r\nWHERE n.x = 1\r\nRETURN n",
        "match (n) where n.x = 'ünïcødé — 北京' return n.`名前` as name",
        "RETURN [[1, 2], [3, [4, [5]]]], {a: {b: {c: {}}}}, []",
        "WITH 1 AS a, 'x' AS b RETURN a + b, b + a, [a] + [b]",
        "MATCH (n) RETURN n ORDER BY n.x DESC, n.y ASC",
        "RETURN -2 ^ 2, +3, - -3, NOT NOT true;",
        "MATCH (n $props) RETURN n",
        "MATCH (a)-[r:KNOWS {since: 2020}]->(b) RETURN type(r), startNode(r), endNode(r)",
    ]
}
