"""Vietnamese text helpers every stage shares: text with its raw offsets (`mapped`), marks, tones
and capitals (`vietnamese`), legacy 8-bit encodings (`legacy`). This layer imports no stage."""
