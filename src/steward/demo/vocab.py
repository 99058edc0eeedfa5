"""Word lists for the demo data: company names, titles, activity texts, languages and their time zones."""

from __future__ import annotations

NAME_STEMS = (
    "Northwind", "Bluefin", "Aster", "Cobalt", "Evergreen", "Granite", "Harbor", "Ironwood", "Juniper", "Keystone",
    "Lumen", "Meridian", "Nimbus", "Orchard", "Pinnacle", "Quarry", "Redwood", "Summit", "Tidewater", "Uplift",
    "Vantage", "Willow", "Zenith", "Alder", "Beacon", "Cedar", "Delta", "Ember", "Falcon", "Glacier", "Helix",
    "Indigo", "Jasper", "Kestrel", "Lattice", "Mosaic", "Nova", "Onyx", "Prairie", "Quantum", "Riverbend", "Sable",
    "Tundra", "Umber", "Vertex", "Wavelength", "Yarrow", "Arbor", "Brightline", "Clearwater", "Driftwood",
)  # fmt: skip
NAME_SUFFIXES = (
    "Analytics", "Logistics", "Health", "Labs", "Systems", "Foods", "Energy", "Robotics", "Capital", "Media",
    "Software", "Bio", "Retail", "Networks", "Mobility", "Learning", "Security", "Insurance", "Manufacturing", "Travel",
)  # fmt: skip
INDUSTRIES = (
    "Software",
    "Healthcare",
    "Financial services",
    "Retail",
    "Manufacturing",
    "Education",
    "Logistics",
    "Media",
)
SEGMENTS = (("Strategic", 0.06), ("Enterprise", 0.2), ("Mid-Market", 0.34), ("SMB", 0.4))
TIERS = {"Strategic": "Platinum", "Enterprise": "Gold", "Mid-Market": "Silver", "SMB": "Bronze"}
REGIONS = (("NA", 0.38), ("EMEA", 0.34), ("APAC", 0.2), ("LATAM", 0.08))

# language tag -> (Faker locale, time zones people there use)
LANGUAGES = {
    "en": ("en_US", ("America/New_York", "America/Chicago", "America/Los_Angeles", "Europe/London")),
    "es": ("es_ES", ("Europe/Madrid", "America/Mexico_City", "America/Bogota")),
    "de": ("de_DE", ("Europe/Berlin", "Europe/Vienna")),
    "fr": ("fr_FR", ("Europe/Paris",)),
    "pl": ("pl_PL", ("Europe/Warsaw",)),
    "he": ("he_IL", ("Asia/Jerusalem",)),
    "ja": ("ja_JP", ("Asia/Tokyo",)),
    "zh-Hans": ("zh_CN", ("Asia/Shanghai",)),
    "zh-Hant": ("zh_TW", ("Asia/Taipei",)),
}
REGION_LANGUAGES = {
    "NA": (("en", 0.85), ("es", 0.1), ("fr", 0.05)),
    "EMEA": (("en", 0.25), ("de", 0.22), ("fr", 0.15), ("pl", 0.18), ("he", 0.12), ("es", 0.08)),
    "APAC": (("zh-Hans", 0.35), ("zh-Hant", 0.25), ("ja", 0.25), ("en", 0.15)),
    "LATAM": (("es", 0.9), ("en", 0.1)),
}
CONTACT_ROLES = (
    ("user", 0.5), ("champion", 0.15), ("decision_maker", 0.12), ("billing", 0.1), ("executive_sponsor", 0.08),
    ("admin", 0.05),
)  # fmt: skip
TITLES = {
    "user": (
        "Analyst",
        "Operations Specialist",
        "Account Manager",
        "Engineer",
        "Support Lead",
        "Coordinator",
    ),
    "champion": ("Head of Operations", "Product Owner", "Team Lead", "Program Manager"),
    "decision_maker": (
        "VP Operations",
        "Director of IT",
        "Chief Operating Officer",
        "VP Customer Experience",
    ),
    "billing": ("Finance Manager", "Procurement Lead", "Accounts Payable"),
    "executive_sponsor": ("Chief Executive Officer", "Chief Technology Officer", "Chief Revenue Officer"),
    "admin": ("System Administrator", "IT Manager"),
}
CSMS = (
    ("Maya Chen", "maya.chen"), ("Daniel Okafor", "daniel.okafor"), ("Sofia Rossi", "sofia.rossi"),
    ("Jakub Nowak", "jakub.nowak"), ("Yael Cohen", "yael.cohen"), ("Kenji Sato", "kenji.sato"),
)  # fmt: skip
PLANS = {
    "Strategic": ("Enterprise", "year", 18_000_000, 60_000_000),
    "Enterprise": ("Enterprise", "year", 6_000_000, 20_000_000),
    "Mid-Market": ("Growth", "quarter", 400_000, 2_000_000),
    "SMB": ("Starter", "month", 9_900, 90_000),
}
ACTIVITY_SUBJECTS = {
    "note": ("Usage check-in notes", "Champion changed teams", "Feature request: SSO audit log", "Risk: budget review",
             "Expansion idea: second team", "Adoption dipped after release"),
    "call": ("Weekly sync", "Onboarding call", "Escalation follow-up", "Roadmap preview", "Renewal prep call"),
    "meeting": ("Quarterly business review", "Executive business review", "Training session", "Success plan review"),
    "email": ("Shared release notes", "Sent renewal quote", "Follow-up on support ticket", "Invited to webinar"),
    "milestone": ("Kickoff", "Go-live", "First value reached", "Renewal signed"),
}  # fmt: skip
LOCAL_NOTES = {
    "zh-Hans": "客户对新的报表功能很满意，希望下季度扩大使用范围。",
    "zh-Hant": "客戶對新的報表功能很滿意，希望下季度擴大使用範圍。",
    "he": "הלקוח מרוצה מהדוחות החדשים ורוצה להרחיב את השימוש ברבעון הבא.",
    "pl": "Klient jest zadowolony z nowych raportów i chce rozszerzyć użycie w następnym kwartale.",
    "de": "Der Kunde ist mit den neuen Berichten zufrieden und möchte die Nutzung im nächsten Quartal ausweiten.",
    "es": "El cliente está contento con los nuevos informes y quiere ampliar el uso el próximo trimestre.",
    "fr": "Le client apprécie les nouveaux rapports et souhaite étendre l'usage au prochain trimestre.",
    "ja": "お客様は新しいレポート機能に満足しており、来期に利用範囲を広げたいとのことです。",
    "en": "Customer likes the new reports and wants to expand usage next quarter.",
}
