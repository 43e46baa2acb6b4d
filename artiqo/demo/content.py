"""The demo marketplace's people and art, as plain data the loader turns into records."""

PASSWORD = "artiqo-demo"

CATEGORIES = [
    ("Painting", "Oils, acrylics and watercolours, one of a kind."),
    ("Drawing", "Charcoal, ink and pencil on paper."),
    ("Photography", "Limited-edition photographic prints."),
    ("Prints", "Screen prints, linocuts and etchings in numbered editions."),
    ("Sculpture", "Work in the round: wood, metal, stone."),
    ("Ceramics", "Thrown and hand-built pots, bowls and vessels."),
    ("Textiles", "Woven, dyed and stitched pieces."),
]

BUYERS = [
    {"username": "ben", "first_name": "Ben", "last_name": "Carter"},
    {"username": "clara", "first_name": "Clara", "last_name": "Moreau"},
]

# Each artist: who they are, where they live, their story, and what they make.
# `works` rows: (title, category, medium, style, palette, original?, price, year)
ARTISTS = [
    {
        "username": "maya",
        "first_name": "Maya",
        "last_name": "Lindqvist",
        "display_name": "Maya Lindqvist",
        "city": "Bristol",
        "region": "South West England",
        "bio": "Painter of the Severn estuary's light: big colour, thin glazes, long evenings.",
        "story": [
            "I grew up on a boat yard in Gothenburg and moved to Bristol for the light on the "
            "harbour, which changes every twenty minutes. My paintings start outside, as small "
            "oil sketches, and finish in the studio as large fields of colour.",
            "Each canvas takes thirty or forty thin layers. I want the colour to feel as if it is "
            "coming from behind the surface, the way the estuary does at dusk.",
        ],
        "quote": "Colour is a place you can stand in.",
        "works": [
            (
                "Estuary at Seven",
                "Painting",
                "Oil on canvas",
                "colour_field",
                "harbour",
                True,
                "1450.00",
                2024,
            ),
            ("Harbour Blue", "Painting", "Oil on canvas", "colour_field", "tide", True, "980.00", 2023),
            ("Low Tide, Portishead", "Painting", "Oil on linen", "waves", "tide", True, "1200.00", 2024),
            ("Red Buoy", "Painting", "Acrylic on panel", "circles", "harbour", True, "640.00", 2025),
            ("Dusk Study I", "Painting", "Oil on board", "colour_field", "dusk", True, "420.00", 2025),
            ("Dusk Study II", "Painting", "Oil on board", "colour_field", "dusk", True, "420.00", 2025),
            ("Severn Light", "Prints", "Giclée print", "waves", "dusk", False, "85.00", 2025),
            ("Harbour Blue (print)", "Prints", "Giclée print", "colour_field", "tide", False, "65.00", 2024),
            ("Channel Crossing", "Painting", "Oil on canvas", "stripes", "harbour", True, "1680.00", 2022),
            ("Quiet Water", "Drawing", "Pastel on paper", "strokes", "tide", True, "310.00", 2024),
        ],
    },
    {
        "username": "theo",
        "first_name": "Theo",
        "last_name": "Okafor",
        "display_name": "Theo Okafor",
        "city": "Manchester",
        "region": "Greater Manchester",
        "bio": "Printmaker and photographer working from a railway arch in Ancoats.",
        "story": [
            "My studio is a railway arch; the trains set the rhythm of the press. I make screen "
            "prints and linocuts in small editions, and photograph the city's brick and rain.",
            "Every print is pulled by hand, numbered and signed. When an edition is gone, it is gone.",
        ],
        "quote": "Repetition is how you find the one that is different.",
        "works": [
            ("Ancoats Grid", "Prints", "Screen print, 4 colours", "mosaic", "citrus", False, "120.00", 2024),
            ("Mill Windows", "Prints", "Linocut", "mosaic", "clay", False, "95.00", 2023),
            ("Viaduct", "Photography", "Archival pigment print", "stripes", "ink", False, "150.00", 2024),
            (
                "Rain on Oldham Street",
                "Photography",
                "Archival pigment print",
                "waves",
                "ink",
                False,
                "140.00",
                2025,
            ),
            ("Signal Red", "Prints", "Screen print, 2 colours", "stripes", "citrus", False, "80.00", 2025),
            ("Night Bus", "Photography", "C-type print", "circles", "dusk", False, "160.00", 2023),
            ("Canal Basin", "Photography", "Archival pigment print", "waves", "moss", False, "135.00", 2024),
            ("Press Proof No. 9", "Prints", "Monoprint", "strokes", "citrus", True, "260.00", 2025),
            ("Brick Bond", "Prints", "Linocut", "mosaic", "clay", False, "70.00", 2022),
            ("Arches", "Drawing", "Ink on paper", "stripes", "ink", True, "220.00", 2024),
        ],
    },
    {
        "username": "ines",
        "first_name": "Inês",
        "last_name": "Duarte",
        "display_name": "Inês Duarte",
        "city": "Bristol",
        "region": "South West England",
        "bio": "Potter: wood-fired stoneware, glazes from local clays and ash.",
        "story": [
            "I throw on a kick wheel and fire with wood twice a year, with six friends and four "
            "days without sleep. The ash lands where it wants; I have learnt to let it.",
            "Every pot is made to be used: for bread, for flowers, for the table.",
        ],
        "quote": "The kiln finishes what the hands begin.",
        "works": [
            ("Ash Jar", "Ceramics", "Wood-fired stoneware", "vessel", "clay", True, "240.00", 2025),
            (
                "Tall Bottle, Shino",
                "Ceramics",
                "Stoneware, shino glaze",
                "vessel",
                "ochre",
                True,
                "195.00",
                2024,
            ),
            ("Moon Jar", "Ceramics", "Porcelain", "vessel", "ink", True, "420.00", 2025),
            ("Bread Crock", "Ceramics", "Stoneware", "vessel", "moss", True, "160.00", 2024),
            (
                "Tea Bowl, Celadon",
                "Ceramics",
                "Porcelain, celadon glaze",
                "vessel",
                "tide",
                True,
                "85.00",
                2025,
            ),
            ("Pair of Cups", "Ceramics", "Stoneware", "vessel", "clay", True, "70.00", 2025),
            ("Kiln Map", "Drawing", "Charcoal on paper", "strokes", "clay", True, "180.00", 2023),
            ("Glaze Tests", "Photography", "Archival pigment print", "mosaic", "ochre", False, "60.00", 2024),
        ],
    },
    {
        "username": "kenji",
        "first_name": "Kenji",
        "last_name": "Arai",
        "display_name": "Kenji Arai",
        "city": "Manchester",
        "region": "Greater Manchester",
        "bio": "Draughtsman: ink, graphite and very patient lines.",
        "story": [
            "I draw every day at the same table by the same window. The drawings are maps of "
            "time as much as of places: each line is a minute.",
            "Most pieces are originals on handmade paper; a few become small print editions.",
        ],
        "quote": "A line is a walk that remembers itself.",
        "works": [
            ("Thousand Lines", "Drawing", "Ink on handmade paper", "stripes", "ink", True, "540.00", 2024),
            ("Weather Diary", "Drawing", "Graphite on paper", "strokes", "ink", True, "380.00", 2025),
            ("Circles for M.", "Drawing", "Ink and wash", "circles", "moss", True, "290.00", 2023),
            ("River Contours", "Drawing", "Ink on paper", "waves", "moss", True, "460.00", 2024),
            ("Contours (print)", "Prints", "Risograph", "waves", "tide", False, "45.00", 2025),
            ("Window, March", "Drawing", "Graphite", "colour_field", "ink", True, "320.00", 2025),
            ("Seed Heads", "Drawing", "Ink on paper", "circles", "ochre", True, "260.00", 2024),
            ("Grid Meditation", "Prints", "Etching", "mosaic", "ink", False, "110.00", 2023),
        ],
    },
    {
        "username": "rosa",
        "first_name": "Rosa",
        "last_name": "Bell",
        "display_name": "Rosa Bell",
        "city": "Edinburgh",
        "region": "Lothian",
        "bio": "Sculptor and weaver: driftwood, bronze and undyed wool from the Borders.",
        "story": [
            "I collect wood from the Forth shore and wool from three farms in the Borders. The "
            "sculptures are carved slowly; the weavings are quicker and noisier.",
            "I like work that asks to be touched. Please do.",
        ],
        "quote": "Material first, idea second.",
        "works": [
            ("Shore Form", "Sculpture", "Carved driftwood", "vessel", "ochre", True, "890.00", 2024),
            ("Bronze Seed", "Sculpture", "Cast bronze", "vessel", "clay", True, "1350.00", 2023),
            ("Tide Line", "Textiles", "Handwoven wool", "stripes", "moss", True, "520.00", 2025),
            ("Borders Plaid", "Textiles", "Handwoven wool", "mosaic", "moss", True, "480.00", 2024),
            ("Nest", "Sculpture", "Willow and wool", "circles", "clay", True, "640.00", 2025),
            ("Forth Weave", "Textiles", "Wool and linen", "waves", "tide", True, "560.00", 2024),
            (
                "Driftwood Study",
                "Photography",
                "Archival pigment print",
                "strokes",
                "ochre",
                False,
                "75.00",
                2025,
            ),
            ("Standing Stone", "Sculpture", "Whinstone", "vessel", "ink", True, "1900.00", 2022),
            ("Undyed", "Textiles", "Handwoven wool", "colour_field", "clay", True, "430.00", 2025),
        ],
    },
]
