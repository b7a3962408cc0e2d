// The words mmload's synthetic product taxonomy is built from: 26 top-level groups of its own, each with product nouns, and shared modifiers.

export interface TopLevelGroup {
  readonly name: string;
  /** Plural product nouns of the group; deeper levels combine them with the shared words below. */
  readonly nouns: readonly string[];
}

/** 26 top-level groups, like the real taxonomy's count; names with `&`, `-`, commas, parentheses and apostrophes. */
export const TOP_LEVEL_GROUPS: readonly TopLevelGroup[] = [
  { name: 'Pets & Animal Care', nouns: ['Aquariums', 'Bird Cages', 'Cat Trees', 'Dog Beds', 'Leashes', 'Collars', 'Litter Boxes', 'Pet Bowls', 'Grooming Brushes', 'Terrariums', 'Horse Blankets', 'Chew Toys', 'Pet Carriers', 'Hay Feeders'] },
  { name: 'Clothing, Shoes & Jewelry', nouns: ['Jackets', 'Sweaters', 'Sneakers', 'Sandals', 'Ankle Boots', 'Scarves', 'Necklaces', 'Earrings', 'Bracelets', 'Belts', 'Fedoras', 'Dress Socks', 'Cocktail Dresses', 'Gloves'] },
  { name: 'Crafts & Hobbies', nouns: ['Paintbrushes', 'Canvases', 'Yarn Skeins', 'Beads', 'Stencils', 'Model Kits', 'Glue Guns', 'Embroidery Hoops', 'Easels', 'Polymer Clay', 'Rubber Stamps', 'Sketchbooks', 'Knitting Needles', 'Fabric Dyes'] },
  { name: 'Infant & Nursery', nouns: ['Cribs', 'Strollers', 'Bibs', 'Pacifiers', 'Baby Monitors', 'Changing Pads', 'Swaddles', 'Teethers', 'High Chairs', 'Play Mats', 'Bottle Warmers', 'Car Seats', 'Diaper Bags', 'Crib Mobiles'] },
  { name: 'Industrial & Scientific', nouns: ['Beakers', 'Pipettes', 'Safety Goggles', 'Multimeters', 'Conveyor Rollers', 'Hydraulic Fittings', 'Lab Scales', 'Respirators', 'Thermocouples', 'Welding Rods', 'Pallet Jacks', 'Test Tubes', 'Microscope Slides', 'Hose Clamps'] },
  { name: 'Photo & Video Gear', nouns: ['Tripods', 'Lens Filters', 'Camera Straps', 'Gimbals', 'Light Stands', 'Softboxes', 'Memory Cards', 'Lens Caps', 'Viewfinders', 'Flash Diffusers', 'Action Cameras', 'Film Rolls', 'Camera Bags', 'Teleprompters'] },
  { name: 'Computers & Tech', nouns: ['Mechanical Keyboards', 'Mice', 'Monitors', 'Docking Stations', 'Webcams', 'Routers', 'Hard Drives', 'Graphics Cards', 'Laptop Stands', 'USB Hubs', 'Headsets', 'Cooling Fans', 'HDMI Cables', 'Power Banks'] },
  { name: 'Grocery & Gourmet', nouns: ['Olive Oils', 'Spice Blends', 'Loose-Leaf Teas', 'Coffee Beans', 'Chocolates', 'Dried Pasta', 'Honeys', 'Hot Sauces', 'Jams', 'Crackers', 'Granolas', 'Vinegars', 'Baking Mixes', 'Dried Fruits'] },
  { name: 'Home Furnishings', nouns: ['Sofas', 'Armchairs', 'Bookcases', 'Rugs', 'Curtains', 'Floor Lamps', 'Mirrors', 'Ottomans', 'Side Tables', 'Headboards', 'Throw Pillows', 'Wall Clocks', 'Coat Racks', 'Room Dividers'] },
  { name: 'Tools & Home Improvement', nouns: ['Drills', 'Screwdrivers', 'Wrenches', 'Sanders', 'Saw Blades', 'Tape Measures', 'Ladders', 'Spirit Levels', 'Toolboxes', 'Caulk Guns', 'Paint Rollers', 'Door Hinges', 'Drawer Slides', 'Light Switches'] },
  { name: 'Personal Care & Wellness', nouns: ['Toothbrushes', 'Razors', 'Hair Dryers', 'Massagers', 'Sheet Masks', 'Body Lotions', 'Shampoos', 'Heating Pads', 'Pill Organizers', 'Bath Salts', 'Nail Clippers', 'Deodorants', 'Foot Spas', 'Humidifiers'] },
  { name: 'Kitchen & Dining', nouns: ['Saucepans', 'Skillets', 'Knife Blocks', 'Cutting Boards', 'Blenders', 'Toasters', 'Mixing Bowls', 'Colanders', 'Dinner Plates', 'Wine Glasses', 'Placemats', 'Spatulas', 'Kettles', 'Food Storage Containers'] },
  { name: 'Patio, Lawn & Garden', nouns: ['Planters', 'Garden Hoses', 'Pruning Shears', 'Birdbaths', 'Lawn Mowers', 'Leaf Blowers', 'Trellises', 'Seed Packets', 'Wheelbarrows', 'Fire Pits', 'Hammocks', 'Sprinklers', 'Compost Bins', 'Garden Gnomes'] },
  { name: 'Bags & Travel Gear', nouns: ['Backpacks', 'Suitcases', 'Duffel Bags', 'Passport Holders', 'Packing Cubes', 'Luggage Tags', 'Tote Bags', 'Wallets', 'Travel Pillows', 'Messenger Bags', 'Garment Bags', 'Money Belts', 'Toiletry Kits', 'Luggage Locks'] },
  { name: 'Books, Music & Film', nouns: ['Vinyl Records', 'Cookbooks', 'Audiobooks', 'Comic Books', 'Sheet Music', 'Blu-ray Discs', 'Poetry Collections', 'Box Sets', 'Atlases', 'Field Guides', 'Film Posters', 'Novels', 'Graphic Novels', 'Cassette Tapes'] },
  { name: 'Office & School Supplies', nouns: ['Staplers', 'Binders', 'Notebooks', 'Ballpoint Pens', 'Highlighters', 'Desk Organizers', 'Whiteboards', 'Label Makers', 'Paper Shredders', 'File Folders', 'Calculators', 'Envelopes', 'Sticky Notes', 'Pencil Cases'] },
  { name: 'Party & Celebration', nouns: ['Balloons', 'Banners', 'Party Favors', 'Candles', 'Confetti', 'Piñatas', 'Gift Wrap', 'Costumes', 'Table Covers', 'Streamers', 'Invitations', 'Cake Toppers', 'String Lights', 'Noisemakers'] },
  { name: 'Outdoor Recreation', nouns: ['Tents', 'Sleeping Bags', 'Camp Stoves', 'Kayaks', 'Paddles', 'Fishing Rods', 'Trekking Poles', 'Headlamps', 'Coolers', 'Climbing Ropes', 'Water Filters', 'Binoculars', 'Life Jackets', 'Snowshoes'] },
  { name: 'Fitness & Exercise', nouns: ['Dumbbells', 'Yoga Mats', 'Resistance Bands', 'Kettlebells', 'Jump Ropes', 'Rowing Machines', 'Exercise Bikes', 'Foam Rollers', 'Pull-Up Bars', 'Weight Benches', 'Boxing Gloves', 'Ab Wheels', 'Balance Boards', 'Stair Steppers'] },
  { name: 'Games, Puzzles & Play', nouns: ['Board Games', 'Jigsaw Puzzles', 'Playing Cards', 'Dice Sets', 'Building Blocks', 'Dolls', 'Action Figures', 'Kites', 'Yo-Yos', 'Marbles', 'Puppets', 'Stuffed Animals', 'Train Sets', 'Spinning Tops'] },
  { name: 'Auto & Powersports', nouns: ['Brake Pads', 'Floor Mats', 'Wiper Blades', 'Spark Plugs', 'Seat Covers', 'Roof Racks', 'Tire Gauges', 'Motorcycle Helmets', 'Battery Chargers', 'Air Filters', 'Mud Flaps', 'Towing Straps', 'Dash Cams', 'Headlight Bulbs'] },
  { name: 'Musical Instruments', nouns: ['Acoustic Guitars', 'Ukuleles', 'Violins', 'Drum Kits', 'Digital Pianos', 'Harmonicas', 'Flutes', 'Trumpets', 'Guitar Strings', 'Music Stands', 'Metronomes', 'Amplifiers', 'Microphones', 'Tambourines'] },
  { name: 'Collectibles & Fine Art', nouns: ['Coins', 'Postage Stamps', 'Trading Cards', 'Figurines', 'Oil Paintings', 'Art Prints', 'Sculptures', 'Autographs', 'Vintage Signs', 'Snow Globes', 'Medals', 'Antique Maps', 'Model Trains', 'Pressed Flowers'] },
  { name: 'Do-It-Yourself (DIY) Supplies', nouns: ['Plywood Sheets', 'Dowels', 'Wood Stains', 'Sandpaper', 'Epoxy Resins', 'Tile Spacers', 'Grout', 'Rivets', 'Wall Anchors', 'Zip Ties', 'Duct Tape', 'Wire Spools', 'Pipe Fittings', 'Shelf Brackets'] },
  { name: "Children's Apparel", nouns: ['Onesies', 'Rompers', 'Rain Boots', 'School Uniforms', 'Pajamas', 'Snowsuits', 'Bucket Hats', 'Leggings', 'Hoodies', 'Tutus', 'Mittens', 'Overalls', 'Swim Trunks', 'Sun Hats'] },
  { name: 'Beauty & Cosmetics', nouns: ['Lipsticks', 'Mascaras', 'Eyeshadow Palettes', 'Foundations', 'Nail Polishes', 'Perfumes', 'Makeup Brushes', 'Blushes', 'Concealers', 'Eyeliners', 'Setting Sprays', 'Lip Balms', 'False Eyelashes', 'Face Serums'] },
];

/** Words before a noun: "Heavy-Duty Ladders". */
export const MODIFIERS: readonly string[] = [
  'Heavy-Duty', 'Non-Slip', 'All-Weather', 'Hand-Held', 'Eco-Friendly', 'Battery-Powered', 'Wall-Mounted', 'Quick-Dry',
  'Anti-Fog', 'Extra-Large', 'Low-Profile', 'Handmade', 'Full-Size', 'Two-Piece', 'Solar-Powered', 'Vintage', 'Portable',
  'Compact', 'Professional', 'Wireless', 'Folding', 'Insulated', 'Organic', 'Adjustable', 'Decorative', 'Reusable',
  'Waterproof', 'Magnetic', 'Modular', 'Travel', 'Premium', 'Classic', 'Outdoor', 'Indoor', 'Mini', 'Smart',
];

/** Whose it is: "Women's Sandals". */
export const AUDIENCES: readonly string[] = ["Men's", "Women's", "Kids'", "Children's", "Toddlers'", "Teens'", "Seniors'", 'Unisex'];

/** What goes with a noun: "Replacement Parts for Kayaks". */
export const GENERIC_NOUNS: readonly string[] = [
  'Accessories', 'Parts', 'Replacement Parts', 'Kits', 'Refills', 'Covers', 'Cases', 'Mounts', 'Cleaners', 'Organizers', 'Holders', 'Bundles', 'Adapters',
];

/** A qualifier in parentheses: "Headlamps (Multi-Pack)". */
export const QUALIFIERS: readonly string[] = ['Set of 2', 'Bulk', 'Cordless', 'Travel Size', 'Single', 'Multi-Pack', 'Oversized', 'Limited Edition', 'Starter'];
