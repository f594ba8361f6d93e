import TesseraTCK
