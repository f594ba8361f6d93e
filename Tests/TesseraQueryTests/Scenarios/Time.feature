Feature: City scenarios: the past in valid time

  The fixture is a small city around longitude 116.30-116.32, latitude 39.90-39.92 with a history
  from 2005 on; data of the last hours and days is written relative to the moment the scenario runs.

  Background:
    Given an empty graph
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2005-01-01T00:00:00Z')
      CREATE (:Area:District {id: 'A1', name: 'Xicheng test district', geometry: geometry('POLYGON((116.3 39.9, 116.32 39.9, 116.32 39.92, 116.3 39.92, 116.3 39.9))')}),
             (pk:Park {id: 'PK1', name: 'Science park', geometry: geometry('POLYGON((116.3 39.91, 116.31 39.91, 116.31 39.92, 116.3 39.92, 116.3 39.91))')}),
             (:Parcel {id: 'PA1'}), (pa2:Parcel {id: 'PA2'}), (:Parcel {id: 'PA3'}),
             (:Building {id: 'B6', phase: 'completed', height: 15, geometry: geometry('POLYGON((116.315 39.905, 116.316 39.905, 116.316 39.906, 116.315 39.906, 116.315 39.905))')})-[:LOCATED_IN]->(pa2)
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2012-03-01T00:00:00Z')
      MATCH (pa:Parcel {id: 'PA1'}), (pk:Park {id: 'PK1'})
      CREATE (b:Building {id: 'B4', phase: 'approved', height: 36, geometry: geometry('POLYGON((116.303 39.917, 116.304 39.917, 116.304 39.918, 116.303 39.918, 116.303 39.917))')}),
             (b)-[:LOCATED_IN]->(pa), (b)-[:LOCATED_IN]->(pk)
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2013-01-15T00:00:00Z')
      MATCH (b:Building {id: 'B4'}) SET b.phase = 'design', b.designVersion = 1
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2013-09-01T00:00:00Z')
      MATCH (b:Building {id: 'B4'}) SET b.designVersion = 2
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2014-04-01T00:00:00Z')
      MATCH (b:Building {id: 'B4'}) SET b.phase = 'construction'
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2016-06-01T00:00:00Z')
      MATCH (b:Building {id: 'B4'}) SET b.phase = 'completed', b.occupancy = 'vacant'
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2016-07-01T00:00:00Z')
      MATCH (b:Building {id: 'B4'}) SET b.occupancy = 'occupied'
      CREATE (:Enterprise {id: 'E4', segment: 'battery', geometry: point({longitude: 116.3035, latitude: 39.9175})})-[:OCCUPIES]->(b)
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2019-01-01T00:00:00Z')
      MATCH (pk:Park {id: 'PK1'}), (pa3:Parcel {id: 'PA3'})
      CREATE (b1:Building {id: 'B1', phase: 'completed', height: 15, geometry: geometry('POLYGON((116.305 39.905, 116.306 39.905, 116.306 39.906, 116.305 39.906, 116.305 39.905))')})-[:LOCATED_IN]->(pa3),
             (b2:Building {id: 'B2', phase: 'completed', height: 30, geometry: geometry('POLYGON((116.302 39.912, 116.303 39.912, 116.303 39.913, 116.302 39.913, 116.302 39.912))')})-[:LOCATED_IN]->(pk),
             (b3:Building {id: 'B3', phase: 'completed', height: 24, geometry: geometry('POLYGON((116.307 39.915, 116.308 39.915, 116.308 39.916, 116.307 39.916, 116.307 39.915))')})-[:LOCATED_IN]->(pk),
             (b7:Building {id: 'B7', phase: 'completed', height: 100, geometry: geometry('POLYGON((116.312 39.91, 116.313 39.91, 116.313 39.911, 116.312 39.911, 116.312 39.91))')}),
             (:Hydrant {id: 'H1', geometry: point({longitude: 116.3055, latitude: 39.9065})}),
             (:Hydrant {id: 'H2', geometry: point({longitude: 116.3055, latitude: 39.908})}),
             (:Hydrant {id: 'H3', geometry: point({longitude: 116.3055, latitude: 39.904})}),
             (:Hydrant {id: 'H4', geometry: point({longitude: 116.3055, latitude: 39.91})}),
             (:Hydrant {id: 'H5', geometry: point({longitude: 116.31, latitude: 39.9055})}),
             (r1:Road {id: 'R1', name: 'Fuxing Road', geometry: geometry('LINESTRING(116.3 39.908, 116.32 39.908)')}),
             (p1:SmartPole:Component {id: 'P1', geometry: point({longitude: 116.302, latitude: 39.9081})}),
             (p2:SmartPole:Component {id: 'P2', geometry: point({longitude: 116.306, latitude: 39.9081})}),
             (p3:SmartPole:Component {id: 'P3', geometry: point({longitude: 116.31, latitude: 39.9081})}),
             (p4:SmartPole:Component {id: 'P4', geometry: point({longitude: 116.318, latitude: 39.912})}),
             (:Sensor:Camera {id: 'CAM1'})-[:MOUNTED_ON]->(p1), (:Sensor:EnvMonitor {id: 'ENV1'})-[:MOUNTED_ON]->(p1),
             (:Sensor:Camera {id: 'CAM2'})-[:MOUNTED_ON]->(p2),
             (:Sensor:Camera {id: 'CAM3'})-[:MOUNTED_ON]->(p3), (:Sensor:EnvMonitor {id: 'ENV3'})-[:MOUNTED_ON]->(p3),
             (:Sensor:NoiseMonitor {id: 'NOISE3'})-[:MOUNTED_ON]->(p3),
             (:Sensor:Camera {id: 'CAM4'})-[:MOUNTED_ON]->(p4), (:Sensor:EnvMonitor {id: 'ENV4'})-[:MOUNTED_ON]->(p4),
             (:Excavation {id: 'X1', geometry: geometry('POLYGON((116.308 39.9, 116.312 39.9, 116.312 39.904, 116.308 39.904, 116.308 39.9))')}),
             (:Pipe {id: 'W1', material: 'PE', diameter: 300, geometry: geometry('LINESTRING(116.3 39.902, 116.32 39.902)')}),
             (:Pipe {id: 'W2', material: 'PE', diameter: 200, geometry: geometry('LINESTRING(116.31 39.899, 116.31 39.905)')}),
             (:Pipe {id: 'W3', material: 'cast iron', diameter: 400, geometry: geometry('LINESTRING(116.3 39.903, 116.32 39.903)')}),
             (:Pipe {id: 'W4', material: 'PE', diameter: 400, source: 'S1', geometry: geometry('LINESTRING(116.3 39.906, 116.32 39.906)')}),
             (:Pipe {id: 'W5', material: 'PE', diameter: 500, geometry: geometry('LINESTRING(116.309 39.901, 116.311 39.901)')}),
             (:Pipe {id: 'W9', material: 'PE', diameter: 300, geometry: geometry('LINESTRING(116.3 39.915, 116.305 39.915)')}),
             (:Import {id: 'IMP1', source: 'S1', batch: 1}),
             (f2:Floor {id: 'B1-F2', level: 2})-[:PART_OF]->(b1), (f3:Floor {id: 'B1-F3', level: 3})-[:PART_OF]->(b1),
             (f4:Floor {id: 'B1-F4', level: 4})-[:PART_OF]->(b1), (f6:Floor {id: 'B1-F6', level: 6})-[:PART_OF]->(b1),
             (dv2:Device {id: 'DV2'})-[:LOCATED_IN]->(f2), (dv3:Device {id: 'DV3'})-[:LOCATED_IN]->(f3),
             (dv4a:Device {id: 'DV4a'})-[:LOCATED_IN]->(f4), (:Device {id: 'DV4b'})-[:LOCATED_IN]->(f4),
             (dv6:Device {id: 'DV6'})-[:LOCATED_IN]->(f6),
             (dv2)-[:HAS_READING]->(:Reading {at: datetime('2024-05-01T10:00:00Z'), value: 18.0}),
             (dv3)-[:HAS_READING]->(:Reading {at: datetime('2024-05-01T10:00:00Z'), value: 21.5}),
             (dv3)-[:HAS_READING]->(:Reading {at: datetime('2024-05-01T11:00:00Z'), value: 22.0}),
             (dv4a)-[:HAS_READING]->(:Reading {at: datetime('2024-05-01T09:00:00Z'), value: 19.0}),
             (dv6)-[:HAS_READING]->(:Reading {at: datetime('2024-05-01T11:30:00Z'), value: 25.0}),
             (e1:Enterprise {id: 'E1', segment: 'battery', geometry: point({longitude: 116.3025, latitude: 39.9125})})-[:OCCUPIES]->(b2),
             (e2:Enterprise {id: 'E2', segment: 'battery', geometry: point({longitude: 116.3075, latitude: 39.9155})})-[:OCCUPIES]->(b3),
             (ec:Enterprise {id: 'EC', segment: 'battery', geometry: point({longitude: 116.3125, latitude: 39.9105})})-[:OCCUPIES]->(b7),
             (e5:Enterprise {id: 'E5', segment: 'battery', geometry: point({longitude: 116.34, latitude: 39.9105})}),
             (e6:Enterprise {id: 'E6', segment: 'battery', geometry: point({longitude: 116.33, latitude: 39.9105})}),
             (e7:Enterprise {id: 'E7', segment: 'software', geometry: point({longitude: 116.313, latitude: 39.911})}),
             (e6)-[:SUPPLIES]->(e2), (e2)-[:SUPPLIES]->(ec), (ec)-[:SUPPLIES]->(e5),
             (:NoFlyZone {id: 'NZ1', geometry: geometry('POLYGON((116.315 39.9, 116.32 39.9, 116.32 39.905, 116.315 39.905, 116.315 39.9))')}),
             (br:Bridge {id: 'BR1', name: 'Yongding bridge'}),
             (:Sensor:StrainSensor {id: 'SB1', strain: 10})-[:ATTACHED_TO]->(br),
             (:Sensor:StrainSensor {id: 'SB2', strain: 5}), (:Sensor:StrainSensor {id: 'SB3', strain: 7}),
             (:CountObservation {id: 'O1', at: datetime('2024-03-04T08:10:00Z'), people: 10, vehicles: 4, geometry: point({longitude: 116.3055, latitude: 39.9055})}),
             (:CountObservation {id: 'O2', at: datetime('2024-03-04T08:40:00Z'), people: 6, vehicles: 2, geometry: point({longitude: 116.3055, latitude: 39.9055})}),
             (:CountObservation {id: 'O3', at: datetime('2024-03-05T08:20:00Z'), people: 4, vehicles: 1, geometry: point({longitude: 116.3055, latitude: 39.9055})}),
             (:CountObservation {id: 'O4', at: datetime('2024-03-05T09:05:00Z'), people: 3, vehicles: 3, geometry: point({longitude: 116.3055, latitude: 39.9055})}),
             (:CountObservation {id: 'O5', at: datetime('2024-03-06T08:30:00Z'), people: 7, vehicles: 5, geometry: point({longitude: 116.3155, latitude: 39.9155})}),
             (:CountObservation {id: 'O6', at: datetime('2024-03-09T08:15:00Z'), people: 50, vehicles: 50, geometry: point({longitude: 116.3055, latitude: 39.9055})}),
             (:CountObservation {id: 'O7', at: datetime('2024-04-02T08:00:00Z'), people: 60, vehicles: 60, geometry: point({longitude: 116.3155, latitude: 39.9155})}),
             (:CountObservation {id: 'O8', at: datetime('2024-03-04T08:00:00Z'), people: 70, vehicles: 70, geometry: point({longitude: 116.33, latitude: 39.93})})
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2019-01-01T00:00:00Z')
      CREATE (ds1:DrainageSegment {id: 'DS1'})-[:UPSTREAM_OF]->(ds2:DrainageSegment {id: 'DS2'})-[:UPSTREAM_OF]->(ds3:DrainageSegment {id: 'DS3'})-[:UPSTREAM_OF]->(:Outfall {id: 'OF1'}),
             (ds4:DrainageSegment {id: 'DS4'})-[:UPSTREAM_OF]->(ds3),
             (ds6:DrainageSegment {id: 'DS6'})-[:UPSTREAM_OF]->(:Outfall {id: 'OF2'}),
             (:Sensor:AmmoniaSensor {id: 'N1', nh3: 1.0})-[:ATTACHED_TO]->(ds2),
             (:Sensor:AmmoniaSensor {id: 'N2', nh3: 1.0})-[:ATTACHED_TO]->(ds4),
             (:Sensor:AmmoniaSensor {id: 'N3', nh3: 1.0})-[:ATTACHED_TO]->(ds6),
             (:Sensor:AmmoniaSensor {id: 'N4', nh3: 1.0})-[:ATTACHED_TO]->(ds1),
             (dep1:Department {id: 'DEP1', name: 'District water authority'}), (dep2:Department {id: 'DEP2', name: 'Drainage company'}),
             (dep1)-[:RESPONSIBLE_FOR]->(ds1), (dep1)-[:RESPONSIBLE_FOR]->(ds2), (dep2)-[:RESPONSIBLE_FOR]->(ds4), (dep2)-[:RESPONSIBLE_FOR]->(ds6),
             (:Valve {id: 'V0', state: 'open'})-[:FLOWS_TO]->(p0:WaterPipe {id: 'WP0'})-[:FLOWS_TO]->(v1:Valve {id: 'V1', state: 'open'}),
             (v1)-[:FLOWS_TO]->(wp1:WaterPipe {id: 'WP1'})-[:FLOWS_TO]->(pu1:Pump {id: 'PU1', state: 'running'}),
             (pu1)-[:FLOWS_TO]->(wp2:WaterPipe {id: 'WP2'})-[:FLOWS_TO]->(v2:Valve {id: 'V2', state: 'open'})-[:FLOWS_TO]->(wp3:WaterPipe {id: 'WP3'}),
             (wp1)-[:FLOWS_TO]->(wp5:WaterPipe {id: 'WP5'}),
             (:WaterQualitySensor {id: 'WQ0'})-[:ATTACHED_TO]->(p0), (:WaterQualitySensor {id: 'WQ1'})-[:ATTACHED_TO]->(wp2),
             (:WaterQualitySensor {id: 'WQ2'})-[:ATTACHED_TO]->(wp3), (:WaterQualitySensor {id: 'WQ3'})-[:ATTACHED_TO]->(wp5),
             (j1:Intersection {id: 'J1', signalPlan: 'peak-A'}), (j2:Intersection {id: 'J2', signalPlan: 'fixed'}),
             (j3:Intersection {id: 'J3', signalPlan: 'fixed'}), (j4:Intersection {id: 'J4', signalPlan: 'fixed'}),
             (j5:Intersection {id: 'J5', signalPlan: 'fixed'}), (h1:Hospital {id: 'HOSP1', name: 'District hospital'}),
             (j1)-[:ROAD {code: 'S1'}]->(j2), (j2)-[:ROAD {code: 'S2'}]->(j5), (j1)-[:ROAD {code: 'S3'}]->(j3),
             (j3)-[:ROAD {code: 'S4'}]->(j4), (j4)-[:ROAD {code: 'S5'}]->(j5), (j5)-[:ROAD {code: 'S6'}]->(h1)
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2020-01-01T00:00:00Z')
      MATCH (b:Building {id: 'B6'}) DETACH DELETE b
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2020-06-01T00:00:00Z')
      CREATE (:Pipe {id: 'W6', material: 'steel', diameter: 200, geometry: geometry('LINESTRING(116.3 39.91, 116.305 39.91)')})
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2021-01-01T00:00:00Z')
      MATCH (:Enterprise {id: 'E1'})-[r:OCCUPIES]->() DELETE r
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2021-01-01T00:00:00Z')
      MATCH (e:Enterprise {id: 'E1'}), (b:Building {id: 'B7'}) CREATE (e)-[:OCCUPIES]->(b)
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2021-03-01T00:00:00Z')
      CREATE (:Building {id: 'B5', phase: 'completed', height: 12, geometry: geometry('POLYGON((116.312 39.902, 116.313 39.902, 116.313 39.903, 116.312 39.903, 116.312 39.902))')})
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2022-03-01T00:00:00Z')
      MATCH (b2:Building {id: 'B2'}), (b5:Building {id: 'B5'}), (ec:Enterprise {id: 'EC'})
      CREATE (e3:Enterprise {id: 'E3', segment: 'software', geometry: point({longitude: 116.3026, latitude: 39.9126})})-[:OCCUPIES]->(b2),
             (ec)-[:SUPPLIES]->(e3)-[:SUPPLIES]->(:Enterprise {id: 'E8', segment: 'software', geometry: point({longitude: 116.3126, latitude: 39.9026})})-[:OCCUPIES]->(b5)
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2022-05-01T00:00:00Z')
      MATCH (b:Building {id: 'B4'}) DETACH DELETE b
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2024-01-01T00:00:00Z')
      MATCH (b:Building {id: 'B1'}) SET b.height = 18
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2025-09-01T00:00:00Z')
      MATCH (b:Building {id: 'B2'}) SET b.height = 36
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2026-01-10T00:00:00Z')
      MATCH (b:Building {id: 'B3'}) SET b.geometry = geometry('POLYGON((116.307 39.915, 116.3085 39.915, 116.3085 39.916, 116.307 39.916, 116.307 39.915))')
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2019-01-01T00:00:00Z')
      MATCH (p:Pipe {id: 'W9'}) SET p.diameter = 400
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2024-09-01T00:00:00Z')
      MATCH (w:Pipe {id: 'W4'}) SET w.diameter = 450
      CREATE (:Import {id: 'IMP2', source: 'S1', batch: 2}),
             (:Pipe {id: 'W7', material: 'PE', diameter: 300, source: 'S1', geometry: geometry('LINESTRING(116.33 39.93, 116.34 39.93)')})
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2024-10-01T00:00:00Z')
      MATCH (h:Hydrant {id: 'H5'}) SET h.flow = 30 CREATE (:Import {id: 'IMP3', source: 'S2', batch: 1})
      """
    And having executed:
      """
      FOR VALID_TIME FROM datetime('2023-07-25T00:00:00Z') TO datetime('2023-08-01T00:00:00Z')
      MATCH (s:StrainSensor {id: 'SB2'}), (b:Bridge {id: 'BR1'}) CREATE (s)-[:ATTACHED_TO]->(b)
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2024-01-01T00:00:00Z')
      MATCH (s:StrainSensor {id: 'SB3'}), (b:Bridge {id: 'BR1'}) CREATE (s)-[:ATTACHED_TO]->(b)
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2023-07-30T00:00:00Z')
      MATCH (s:StrainSensor {id: 'SB1'}) SET s.strain = 25
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2023-08-10T00:00:00Z')
      MATCH (s:StrainSensor {id: 'SB1'}) SET s.strain = 12
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2023-07-31T00:00:00Z')
      MATCH (s:StrainSensor {id: 'SB2'}) SET s.strain = 40
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2023-09-28T10:00:00Z')
      CREATE (:Container {id: 'C1', status: 'at port'})
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2023-09-30T00:00:00Z')
      CREATE (:Train {id: 'T1', geometry: point({longitude: 116.3, latitude: 39.9})})
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2023-09-30T18:00:00Z')
      MATCH (t:Train {id: 'T1'}), (c:Container {id: 'C1'}) SET c.status = 'loaded' CREATE (t)-[:CARRIES]->(c)
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2023-10-01T07:55:00Z')
      MATCH (t:Train {id: 'T1'}) SET t.geometry = point({longitude: 116.305, latitude: 39.903})
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2023-10-01T08:10:00Z')
      MATCH (t:Train {id: 'T1'}) SET t.geometry = point({longitude: 116.31, latitude: 39.905})
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2023-10-01T09:00:00Z')
      MATCH (:Train {id: 'T1'})-[r:CARRIES]->(c:Container {id: 'C1'}) SET c.status = 'unloaded at yard' DELETE r
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2023-10-02T12:00:00Z')
      MATCH (c:Container {id: 'C1'}) SET c.status = 'delivered'
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2024-06-01T09:00:00Z')
      CREATE (:FireUnit {id: 'FU1', geometry: point({longitude: 116.3, latitude: 39.9})}), (:FireUnit {id: 'FU2', geometry: point({longitude: 116.32, latitude: 39.92})})
      """
    And having executed:
      """
      FOR VALID_TIME FROM datetime('2024-06-01T10:00:00Z') TO datetime('2024-06-01T10:04:00Z')
      MATCH (u1:FireUnit {id: 'FU1'}), (u2:FireUnit {id: 'FU2'})
      CREATE (u1)-[:DISPATCHED_TO]->(i:Incident {id: 'I1', kind: 'fire'})<-[:DISPATCHED_TO]-(u2)
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2024-06-01T10:01:00Z')
      MATCH (u:FireUnit {id: 'FU1'}) SET u.geometry = point({longitude: 116.302, latitude: 39.901})
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2024-06-01T10:03:00Z')
      MATCH (u:FireUnit {id: 'FU1'}) SET u.geometry = point({longitude: 116.304, latitude: 39.902})
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2024-06-01T10:00:00Z')
      MATCH (u:FireUnit {id: 'FU2'}) SET u.geometry = point({longitude: 116.318, latitude: 39.918})
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2024-06-01T10:02:00Z')
      MATCH (u:FireUnit {id: 'FU2'}) SET u.geometry = point({longitude: 116.316, latitude: 39.916})
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2024-06-01T09:55:00Z')
      CREATE (:Drone {id: 'D1', geometry: point({longitude: 116.3, latitude: 39.9, height: 100})})
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2024-06-01T10:02:00Z')
      MATCH (d:Drone {id: 'D1'}) SET d.geometry = point({longitude: 116.315, latitude: 39.915, height: 100})
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2024-06-01T10:03:00Z')
      MATCH (d:Drone {id: 'D1'}) SET d.geometry = point({longitude: 116.318, latitude: 39.918, height: 100})
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2024-06-01T09:50:00Z')
      CREATE (:Drone {id: 'D2', geometry: point({longitude: 116.315, latitude: 39.915, height: 100})})
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2024-06-01T09:58:00Z')
      MATCH (d:Drone {id: 'D2'}) SET d.geometry = point({longitude: 116.31, latitude: 39.91, height: 100})
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2024-06-01T10:00:00Z')
      CREATE (:Drone {id: 'D3', geometry: point({longitude: 116.315, latitude: 39.915, height: 400})})
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2024-06-01T10:06:00Z')
      CREATE (:Drone {id: 'D4', geometry: point({longitude: 116.315, latitude: 39.915, height: 100})})
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2024-06-01T10:04:59Z')
      CREATE (:Drone {id: 'D5', geometry: point({longitude: 116.315, latitude: 39.915, height: 100})})
      """
    And having executed:
      """
      FOR VALID_TIME FROM datetime('2021-07-25T00:00:00Z') TO datetime('2021-08-03T00:00:00Z')
      MATCH (v:Valve {id: 'V1'}) SET v.state = 'throttled'
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2021-08-01T09:00:00Z')
      MATCH (p:Pump {id: 'PU1'}) SET p.state = 'stopped'
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2021-08-01T12:00:00Z')
      MATCH (p:Pump {id: 'PU1'}) SET p.state = 'running'
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2022-01-01T00:00:00Z')
      MATCH (v:Valve {id: 'V2'}) SET v.state = 'closed'
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2024-05-01T00:00:00Z')
      MATCH (j:Intersection {id: 'J1'}) SET j.signalPlan = 'peak-B'
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime('2024-06-01T00:00:00Z')
      MATCH (j:Intersection {id: 'J5'}) SET j.signalPlan = 'adaptive'
      """
    And having executed:
      """
      FOR VALID_TIME FROM datetime('2024-03-01T00:00:00Z') TO datetime('2024-06-01T00:00:00Z')
      CREATE (:Construction {id: 'CON1', closes: ['S2']})
      """
    And having executed:
      """
      FOR VALID_TIME FROM datetime('2024-04-01T00:00:00Z') TO datetime('2024-05-01T00:00:00Z')
      CREATE (:Construction {id: 'CON2', closes: ['S4']})
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime() - duration('PT30M')
      MATCH (s:AmmoniaSensor {id: 'N1'}) SET s.nh3 = 8.5
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime() - duration('PT3H')
      MATCH (s:AmmoniaSensor {id: 'N2'}) SET s.nh3 = 9.0
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime() - duration('PT2H')
      MATCH (s:AmmoniaSensor {id: 'N2'}) SET s.nh3 = 1.0
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime() - duration('PT20M')
      MATCH (s:AmmoniaSensor {id: 'N3'}) SET s.nh3 = 9.5
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime() - duration('PT50M')
      MATCH (s:AmmoniaSensor {id: 'N4'}) SET s.nh3 = 7.0
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime() - duration('PT10M')
      MATCH (s:AmmoniaSensor {id: 'N4'}) SET s.nh3 = 1.5
      """
    And having executed:
      """
      FOR VALID_TIME FROM datetime.truncate('day', datetime()) - duration('PT15H') TO datetime.truncate('day', datetime()) - duration('PT13H')
      MATCH (c:Camera {id: 'CAM1'})
      CREATE (e:Event {id: 'EV1', kind: 'fire lane blocked', geometry: point({longitude: 116.315, latitude: 39.91})})-[:DETECTED_BY]->(c)
      """
    And having executed:
      """
      FOR VALID_TIME FROM datetime.truncate('day', datetime()) - duration('PT15H') TO datetime.truncate('day', datetime()) - duration('PT13H')
      MATCH (c:Camera {id: 'CAM2'})
      CREATE (e:Event {id: 'EV2', kind: 'illegal construction', geometry: point({longitude: 116.31, latitude: 39.925})})-[:DETECTED_BY]->(c)
      """
    And having executed:
      """
      FOR VALID_TIME FROM datetime.truncate('day', datetime()) - duration('PT39H') TO datetime.truncate('day', datetime()) - duration('PT37H')
      MATCH (c:Camera {id: 'CAM3'})
      CREATE (e:Event {id: 'EV3', kind: 'fire lane blocked', geometry: point({longitude: 116.31, latitude: 39.912})})-[:DETECTED_BY]->(c)
      """
    And having executed:
      """
      FOR VALID_TIME FROM datetime.truncate('day', datetime()) - duration('PT10H') TO datetime.truncate('day', datetime()) - duration('PT9H')
      CREATE (e:Event {id: 'EV4', kind: 'illegal construction', geometry: point({longitude: 116.308, latitude: 39.905})})
      """
    And having executed:
      """
      FOR VALID_TIME FROM datetime.truncate('day', datetime()) - duration('PT1H') TO datetime.truncate('day', datetime()) + duration('PT1H')
      MATCH (c:Camera {id: 'CAM3'})
      CREATE (e:Event {id: 'EV5', kind: 'fire lane blocked', geometry: point({longitude: 116.31, latitude: 39.91})})-[:DETECTED_BY]->(c)
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime() - duration('PT1H')
      CREATE (:Flight {id: 'F1', alt: 0, geometry: point({longitude: 116.301, latitude: 39.919})}), (:Flight {id: 'F2', alt: 0, geometry: point({longitude: 116.305, latitude: 39.919})}), (:Flight {id: 'F3', alt: 0, geometry: point({longitude: 116.309, latitude: 39.919})}), (:Flight {id: 'F4', alt: 0, geometry: point({longitude: 116.313, latitude: 39.919})})
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime() + duration('PT2M')
      MATCH (f:Flight {id: 'F1'}) SET f.geometry = point({longitude: 116.31, latitude: 39.91}), f.alt = 100
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime() + duration('PT2M')
      MATCH (f:Flight {id: 'F2'}) SET f.geometry = point({longitude: 116.3101, latitude: 39.9101}), f.alt = 110
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime() + duration('PT3M')
      MATCH (f:Flight {id: 'F1'}) SET f.geometry = point({longitude: 116.32, latitude: 39.92}), f.alt = 100
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime() + duration('PT3M')
      MATCH (f:Flight {id: 'F2'}) SET f.geometry = point({longitude: 116.3, latitude: 39.9}), f.alt = 110
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime() + duration('PT10M')
      MATCH (f:Flight {id: 'F3'}) SET f.geometry = point({longitude: 116.31, latitude: 39.91}), f.alt = 100
      """
    And having executed:
      """
      FOR VALID_TIME AS OF datetime() + duration('PT4M')
      MATCH (f:Flight {id: 'F4'}) SET f.geometry = point({longitude: 116.31, latitude: 39.91}), f.alt = 100
      """

  Scenario: [7] The state of area R (buildings, components, pipes) as of 2019-01-01 vs today
    When executing query:
      """
      MATCH (a:Area {id: 'A1'})
      MATCH (n) FOR VALID_TIME AS OF datetime('2019-01-01T00:00:00Z')
      WHERE intersects(n, a) AND (n:Building OR n:Component OR n:Pipe)
      WITH n ORDER BY n.id
      RETURN '2019-01-01' AS asOf, [l IN labels(n) WHERE l IN ['Building', 'Component', 'Pipe']][0] AS kind,
             count(*) AS entities, collect(n.id) AS ids
      UNION ALL
      MATCH (a:Area {id: 'A1'})
      MATCH (n)
      WHERE intersects(n, a) AND (n:Building OR n:Component OR n:Pipe)
      WITH n ORDER BY n.id
      RETURN 'today' AS asOf, [l IN labels(n) WHERE l IN ['Building', 'Component', 'Pipe']][0] AS kind,
             count(*) AS entities, collect(n.id) AS ids
      """
    Then the result should be, in any order:
      | asOf         | kind        | entities | ids                                        |
      | '2019-01-01' | 'Building'  | 6        | ['B1', 'B2', 'B3', 'B4', 'B6', 'B7']       |
      | '2019-01-01' | 'Component' | 4        | ['P1', 'P2', 'P3', 'P4']                   |
      | '2019-01-01' | 'Pipe'      | 6        | ['W1', 'W2', 'W3', 'W4', 'W5', 'W9']       |
      | 'today'      | 'Building'  | 5        | ['B1', 'B2', 'B3', 'B5', 'B7']             |
      | 'today'      | 'Component' | 4        | ['P1', 'P2', 'P3', 'P4']                   |
      | 'today'      | 'Pipe'      | 7        | ['W1', 'W2', 'W3', 'W4', 'W5', 'W6', 'W9'] |
    And no side effects

  # 'Last Tuesday' is a fixed Tuesday here (2024-05-14) so the expected rows stay true; a client passes it
  # as a parameter, or computes it in the pin: datetime.truncate('week', datetime()) - duration('P6D') + duration('PT8H').
  # Construction C1 (closing S2) runs 2024-03-01 to 2024-06-01; C2 (S4) ended 2024-05-01; J1 switched to
  # plan peak-B on 2024-05-01, J5 to adaptive only on 2024-06-01.
  Scenario: [8] The road network (closures, signal plans) as of last Tuesday 08:00
    And parameters are:
      | lastTuesday | '2024-05-14T08:00:00Z' |
    When executing query:
      """
      FOR VALID_TIME AS OF $lastTuesday
      MATCH (c:Construction)
      WITH reduce(acc = [], codes IN collect(c.closes) | acc + codes) AS closed
      MATCH ()-[r:ROAD]->()
      RETURN 'segment' AS kind, r.code AS id, CASE WHEN r.code IN closed THEN 'closed' ELSE 'open' END AS state
      UNION
      MATCH (j:Intersection)
      RETURN 'intersection' AS kind, j.id AS id, j.signalPlan AS state
      """
    Then the result should be, in any order:
      | kind           | id   | state    |
      | 'segment'      | 'S1' | 'open'   |
      | 'segment'      | 'S2' | 'closed' |
      | 'segment'      | 'S3' | 'open'   |
      | 'segment'      | 'S4' | 'open'   |
      | 'segment'      | 'S5' | 'open'   |
      | 'segment'      | 'S6' | 'open'   |
      | 'intersection' | 'J1' | 'peak-B' |
      | 'intersection' | 'J2' | 'fixed'  |
      | 'intersection' | 'J3' | 'fixed'  |
      | 'intersection' | 'J4' | 'fixed'  |
      | 'intersection' | 'J5' | 'fixed'  |
    And no side effects

  # Readings are the versions of the sensor's strain property valid during the week. SB2 was attached
  # from 2023-07-25 to 2023-08-01; SB3 only from 2024.
  Scenario: [9] Which sensors were attached to bridge X during the flood week, and their readings
    When executing query:
      """
      MATCH (s:StrainSensor)-[:ATTACHED_TO]->(:Bridge {id: 'BR1'})
        FOR VALID_TIME FROM datetime('2023-07-29T00:00:00Z') TO datetime('2023-08-05T00:00:00Z')
      RETURN DISTINCT s.id AS sensor, s.strain AS strain, validFrom(s) AS since
      """
    Then the result should be, in any order:
      | sensor | strain | since               |
      | 'SB1'  | 10     | '2019-01-01T00:00Z' |
      | 'SB1'  | 25     | '2023-07-30T00:00Z' |
      | 'SB2'  | 5      | '2019-01-01T00:00Z' |
      | 'SB2'  | 40     | '2023-07-31T00:00Z' |
    And no side effects

  # The end of the last version is the demolition.
  Scenario: [10] Full lifecycle of building B: approval, design versions, construction, as-built, occupancy changes, demolition
    When executing query:
      """
      MATCH (b:Building {id: 'B4'})
        FOR VALID_TIME FROM datetime('1900-01-01T00:00:00Z') TO datetime('2100-01-01T00:00:00Z')
      RETURN b.phase AS phase, b.designVersion AS design, b.occupancy AS occupancy, validFrom(b) AS since, validTo(b) AS until
      ORDER BY since
      """
    Then the result should be, in order:
      | phase          | design | occupancy  | since               | until               |
      | 'approved'     | null   | null       | '2012-03-01T00:00Z' | '2013-01-15T00:00Z' |
      | 'design'       | 1      | null       | '2013-01-15T00:00Z' | '2013-09-01T00:00Z' |
      | 'design'       | 2      | null       | '2013-09-01T00:00Z' | '2014-04-01T00:00Z' |
      | 'construction' | 2      | null       | '2014-04-01T00:00Z' | '2016-06-01T00:00Z' |
      | 'completed'    | 2      | 'vacant'   | '2016-06-01T00:00Z' | '2016-07-01T00:00Z' |
      | 'completed'    | 2      | 'occupied' | '2016-07-01T00:00Z' | '2022-05-01T00:00Z' |
    And no side effects

  # A building is demolished when none of its versions is open-ended. B6 on PA2 stood 15 years; B1 on PA3
  # still stands.
  Scenario: [11] Parcels where a building was demolished less than 10 years after completion
    When executing query:
      """
      MATCH (b:Building)-[:LOCATED_IN]->(p:Parcel)
        FOR VALID_TIME FROM datetime('1900-01-01T00:00:00Z') TO datetime('2100-01-01T00:00:00Z')
      WITH p.id AS parcel, b.id AS building,
           min(CASE WHEN b.phase = 'completed' THEN validFrom(b) END) AS completed,
           max(validTo(b)) AS demolished, count(validTo(b)) AS ended, count(*) AS versions
      WHERE ended = versions AND demolished < completed + duration('P10Y')
      RETURN parcel, building, completed, demolished
      """
    Then the result should be, in any order:
      | parcel | building | completed           | demolished          |
      | 'PA1'  | 'B4'     | '2016-06-01T00:00Z' | '2022-05-01T00:00Z' |
    And no side effects

  # The pattern predicate reads at the statement's default time, now. E1 moved to B7 (outside the park) in
  # 2021; E4's building B4 was demolished in 2022.
  Scenario: [12] Enterprises resident in park P now, and ever
    When executing query:
      """
      MATCH (e:Enterprise)-[:OCCUPIES]->(:Building)-[:LOCATED_IN]->(:Park {id: 'PK1'})
        FOR VALID_TIME FROM datetime('1900-01-01T00:00:00Z') TO datetime('2100-01-01T00:00:00Z')
      RETURN DISTINCT e.id AS enterprise, exists((e)-[:OCCUPIES]->(:Building)-[:LOCATED_IN]->(:Park {id: 'PK1'})) AS residentNow
      """
    Then the result should be, in any order:
      | enterprise | residentNow |
      | 'E1'       | false       |
      | 'E2'       | true        |
      | 'E3'       | true        |
      | 'E4'       | false       |
    And no side effects

  Scenario: [13] Position of train T at 2023-10-01 08:00
    When executing query:
      """
      MATCH (t:Train {id: 'T1'}) FOR VALID_TIME AS OF datetime('2023-10-01T08:00:00Z')
      RETURN centroid(t).longitude AS longitude, centroid(t).latitude AS latitude, validFrom(t) AS since
      """
    Then the result should be, in any order:
      | longitude | latitude | since               |
      | 116.305   | 39.903   | '2023-10-01T07:55Z' |
    And no side effects

  Scenario: [13] The handling history of container C
    When executing query:
      """
      MATCH (c:Container {id: 'C1'})
        FOR VALID_TIME FROM datetime('1900-01-01T00:00:00Z') TO datetime('2100-01-01T00:00:00Z')
      RETURN c.status AS event, validFrom(c) AS since, validTo(c) AS until
      UNION
      MATCH (t:Train)-[r:CARRIES]->(:Container {id: 'C1'})
        FOR VALID_TIME FROM datetime('1900-01-01T00:00:00Z') TO datetime('2100-01-01T00:00:00Z')
      RETURN 'carried by ' + t.id AS event, validFrom(r) AS since, validTo(r) AS until
      """
    Then the result should be, in any order:
      | event              | since               | until               |
      | 'at port'          | '2023-09-28T10:00Z' | '2023-09-30T18:00Z' |
      | 'loaded'           | '2023-09-30T18:00Z' | '2023-10-01T09:00Z' |
      | 'unloaded at yard' | '2023-10-01T09:00Z' | '2023-10-02T12:00Z' |
      | 'delivered'        | '2023-10-02T12:00Z' | null                |
      | 'carried by T1'    | '2023-09-30T18:00Z' | '2023-10-01T09:00Z' |
    And no side effects

  # Compromise: a time pin cannot use a variable, so the incident's window (10:00 to 10:04, the validity
  # of I1) is passed as parameters rather than read from I1 in the same statement.
  Scenario: [14] Minute-by-minute positions of fire units during incident I
    And parameters are:
      | start | '2024-06-01T10:00:00Z' |
      | end | '2024-06-01T10:04:00Z' |
    When executing query:
      """
      MATCH (u:FireUnit)-[:DISPATCHED_TO]->(:Incident {id: 'I1'})
        FOR VALID_TIME FROM datetime($start) TO datetime($end)
      UNWIND range(0, 3) AS m
      WITH u, datetime($start) + duration({minutes: m}) AS minute
      WHERE validFrom(u) <= minute AND (validTo(u) IS NULL OR minute < validTo(u))
      RETURN u.id AS unit, minute, centroid(u).longitude AS longitude, centroid(u).latitude AS latitude
      ORDER BY unit, minute
      """
    Then the result should be, in order:
      | unit  | minute              | longitude | latitude |
      | 'FU1' | '2024-06-01T10:00Z' | 116.3     | 39.9     |
      | 'FU1' | '2024-06-01T10:01Z' | 116.302   | 39.901   |
      | 'FU1' | '2024-06-01T10:02Z' | 116.302   | 39.901   |
      | 'FU1' | '2024-06-01T10:03Z' | 116.304   | 39.902   |
      | 'FU2' | '2024-06-01T10:00Z' | 116.318   | 39.918   |
      | 'FU2' | '2024-06-01T10:01Z' | 116.318   | 39.918   |
      | 'FU2' | '2024-06-01T10:02Z' | 116.316   | 39.916   |
      | 'FU2' | '2024-06-01T10:03Z' | 116.316   | 39.916   |
    And no side effects
