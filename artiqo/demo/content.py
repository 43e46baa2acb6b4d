"""The demo marketplace's people and art, as plain data the loader turns into records."""

import random

PASSWORD = "artiqo-demo"
WIDTHS_CM = [20, 30, 40, 50, 60, 80, 100, 120]
EDITION_STOCK = (5, 25)  # prints of an edition in stock, at least and at most


def artwork_upc(username: str, number: int) -> str:
    """A demo artwork's stable key: its artist's username and its place in that artist's `works`."""
    return f"DEMO-{username.upper()}-{number:02d}"


def edition_stock(upc: str) -> int:
    """The prints of an edition the loader stocks: its second draw from Random(upc), after the width.

    The history (history.py) plans its sales from this without asking the database, so the plan is the
    same on every run; test_demo_data checks it against the stock the loader actually made.
    """
    rng = random.Random(upc)
    rng.choice(WIDTHS_CM)
    return rng.randint(*EDITION_STOCK)


CATEGORIES = [
    ("Painting", "Oils, acrylics and watercolours, one of a kind."),
    ("Drawing", "Charcoal, ink and pencil on paper."),
    ("Photography", "Limited-edition photographic prints."),
    ("Prints", "Screen prints, linocuts and etchings in numbered editions."),
    ("Sculpture", "Work in the round: wood, metal, stone."),
    ("Ceramics", "Thrown and hand-built pots, bowls and vessels."),
    ("Textiles", "Woven, dyed and stitched pieces."),
]

# The buyers, and where their art goes: the demo history (history.py) places their orders.
# `weight`: how often each buys; `address`: a ShippingAddress as `place_order` takes it (country code).
BUYERS = [
    {
        "username": "ben",
        "first_name": "Ben",
        "last_name": "Carter",
        "weight": 4,
        "address": {"line1": "12 Cotham Hill", "line4": "Bristol", "postcode": "BS6 6LA", "country": "GB"},
    },
    {
        "username": "clara",
        "first_name": "Clara",
        "last_name": "Moreau",
        "weight": 4,
        "address": {"line1": "48 Columbia Road", "line4": "London", "postcode": "E2 7RG", "country": "GB"},
    },
    {
        "username": "amara",
        "first_name": "Amara",
        "last_name": "Nwosu",
        "weight": 3,
        "address": {"line1": "7 Burton Road", "line4": "Manchester", "postcode": "M20 1HB", "country": "GB"},
    },
    {
        "username": "hamish",
        "first_name": "Hamish",
        "last_name": "Grant",
        "weight": 2,
        "address": {"line1": "22 Broughton Street", "line4": "Edinburgh", "postcode": "EH1 3RH", "country": "GB"},
    },
    {
        "username": "priya",
        "first_name": "Priya",
        "last_name": "Raman",
        "weight": 2,
        "address": {"line1": "3 Headingley Lane", "line4": "Leeds", "postcode": "LS6 1BN", "country": "GB"},
    },
    {
        "username": "siobhan",
        "first_name": "Siobhán",
        "last_name": "Walsh",
        "weight": 1,
        "address": {"line1": "15 Camden Street Lower", "line4": "Dublin", "postcode": "D02 X925", "country": "IE"},
    },
    {
        "username": "tom",
        "first_name": "Tom",
        "last_name": "Fletcher",
        "weight": 2,
        "address": {"line1": "9 Walcot Street", "line4": "Bath", "postcode": "BA1 5BN", "country": "GB"},
    },
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

# The Fees page: how selling on Artiqo is paid for. No figure is written here: the "current_fees"
# block shows what the marketplace settings say at the moment the page is read.
FEES_PAGE = {
    "title": "Fees",
    "slug": "fees",
    "intro": "Artiqo is paid for mostly by a small share of each sale, so it does well when its artists do.",
    "before": [
        "When an artwork sells, the platform keeps a fee: a share of the artwork's price, fixed at the moment "
        "the buyer pays, with a small minimum per order line. The rest of the price is the artist's, and so is "
        "the whole delivery charge. Artists may also pay to feature an artwork for a while.",
        "If an order is cancelled and refunded, the fee goes back to the artist together with the sale. Some "
        "artists have a rate agreed with us; a rate that changes later never changes a sale already made.",
    ],
    "after": [
        "Earnings wait a short while after the buyer receives their artwork, in case of a return, and then "
        "become available. We pay every artist whose available balance has reached the smallest payout, "
        "by bank transfer, and each artist can follow every sale, fee and payout under Earnings in the studio.",
    ],
}
