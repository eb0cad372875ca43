"""Words for the demo data: what an IT services firm's records say."""

from __future__ import annotations

SERVICES = {
    "managed": (
        "Managed IT support",
        "Helpdesk by phone and e-mail on weekdays 8:00-18:00; patching and monitoring of all office PCs and "
        "servers; nightly backups with a monthly restore test; antivirus and firewall management.",
        "New hardware and its installation; software development; personal devices; anything at staff homes.",
    ),
    "network": (
        "Network and Wi-Fi care",
        "Monitoring of the office network, firewall and Wi-Fi; fixing outages on site within one business day; "
        "a quarterly security review.",
        "PC and printer support; cabling works; phone systems.",
    ),
    "cloud": (
        "Cloud and e-mail administration",
        "Microsoft 365 accounts, licences and mailboxes; shared drives and permissions; new starters and leavers.",
        "On-site visits; hardware; training courses.",
    ),
    "backup": (
        "Backup and recovery",
        "Daily off-site backups of servers and laptops, monthly restore tests, and recovery after an incident.",
        "Day-to-day helpdesk; hardware repairs.",
    ),
    "hospital": (
        "Clinical systems support",
        "24/7 support for the clinic's network, servers and 180 workstations; on-site technician two days a week; "
        "compliance reports each quarter.",
        "Medical devices; the patient-records software vendor's own support; building works.",
    ),
}

IN_SCOPE_NOTES = {
    "call": [
        "Password reset for the front desk",
        "Outlook not syncing on the reception PC",
        "Printer offline after the weekend",
        "VPN not connecting for a remote worker",
        "Shared drive permissions for the new manager",
        "Laptop very slow, cleaned up remotely",
        "Phishing e-mail reported and removed",
    ],
    "email": [
        "Sent the monthly patching report",
        "Backup alert followed up",
        "Licence renewal reminder",
        "New starter account requested",
        "Leaver's mailbox archived",
        "Answered a question about the firewall",
    ],
    "meeting": [
        "Quarterly service review",
        "Planning the move to Microsoft 365",
        "Security check-up with the office manager",
    ],
    "site_visit": [
        "Replaced the failing network switch",
        "Set up two new workstations",
        "Wi-Fi survey of the upstairs offices",
        "Restore test on site",
    ],
    "chat": [
        "Quick question about Teams",
        "Help sharing a calendar",
        "Screen frozen, fixed remotely",
    ],
    "message": [
        "Confirmed tomorrow's visit",
        "Sent the new Wi-Fi password",
    ],
}

OUT_OF_SCOPE_NOTES = [
    "Asked us to fix a printer at home",
    "Wanted help with a personal iPhone",
    "Asked for a new website to be built",
    "Wanted the TV in the waiting room set up",
    "Asked us to look at the coffee machine's app",
    "Wanted their son's gaming PC upgraded",
    "Asked for help with the home Wi-Fi",
    "Wanted a spreadsheet written for the accounts",
]

HAND_HOLDING_NOTES = [
    "Walked the office manager through scanning to e-mail again",
    "Re-explained how to book meeting rooms in Outlook",
    "Printer jam, insisted on someone coming over",
    "Went through the new phone app step by step, again",
    "Checked every PC after a rumour of a virus",
    "Long call about why the Wi-Fi 'feels slow'",
    "Sat with reception for the new appointment screen",
]

DISCOUNT_NOTES = [
    "Asked for 20% off this month's invoice",
    "Wants the menu-board screen set up for free",
    "Asked to skip this month's fee because it was quiet",
    "Wanted the new laptop set-up thrown in at no charge",
    "Asked for a 'loyalty discount' on the renewal",
]

COMPLAINT_NOTES = [
    "Complained the Wi-Fi dropped during a class",
    "Unhappy that the fix took two hours",
    "Complained about the tone of our invoice reminder",
]
THREAT_NOTES = [
    "Said he'd post a one-star review on Google if it happens again",
    "Threatened to tell the local business group we are useless",
    "Said he would 'go public' about the outage on social media",
]
PUBLIC_COMPLAINT_NOTE = "Posted a negative review on Google about response times"
ANGRY_NOTE = "Got angry when told it is not covered by the contract"
DISPUTE_NOTE = "Disputed last month's invoice, said the work 'should be included'"

ON_SITE_WORK_NOTES = [
    "On-site maintenance day: patches, updates and checks on every PC",
    "Replaced the ageing file server's disks and rebuilt the array",
    "Moved the front office to the new switch and re-cabled the racks",
    "Set up and imaged the new laptops on site",
    "Fixed the Wi-Fi dead spots in the back office",
    "On site all afternoon for the printer and scanner fleet",
]
REMOTE_WORK_NOTES = [
    "Remote session: monthly patching of servers and workstations",
    "Remote session: cleaned up mailboxes and shared-drive permissions",
    "Remote session: investigated the nightly backup failures",
    "Remote session: rebuilt a user profile and restored files",
    "Remote session: firewall rules and VPN for the new remote staff",
    "Remote session: replaced the expiring certificates",
]
ON_CALL_NOTE = "Night and weekend on-call cover by our partner firm"

MATERIALS_NOTES = [
    "Replacement toner",
    "SSD for the reception PC",
    "Patch cables and a small switch",
    "Wi-Fi access point",
]
TRAVEL_NOTE = "Mileage for the site visit"
FOLLOW_UP_NOTES = [
    "Reminder e-mail sent to accounts payable",
    "Called accounts payable: promised payment 'next week'",
    "Second reminder sent, copied the director",
]

# For generated customer names in large benchmark businesses.
NAME_FIRST = [
    "Acorn",
    "Bayside",
    "Beacon",
    "Birch",
    "Blue Ridge",
    "Canyon",
    "Cedar",
    "Coastal",
    "Copper",
    "Crescent",
    "Eastgate",
    "Elm",
    "Evergreen",
    "Fairview",
    "Granite",
    "Harbor",
    "Highland",
    "Ironwood",
    "Juniper",
    "Lakeside",
    "Liberty",
    "Meadow",
    "Midtown",
    "Oakridge",
    "Parkside",
    "Pioneer",
    "Prairie",
    "Redwood",
    "Riverbend",
    "Silverline",
    "Southfield",
    "Stonebridge",
    "Summit",
    "Timber",
    "Union",
    "Valley",
    "Westbrook",
    "Willow",
]
NAME_SECOND = [
    "Accounting",
    "Architects",
    "Auto Repair",
    "Bakery",
    "Chiropractic",
    "Construction",
    "Dental",
    "Design Studio",
    "Electric",
    "Family Clinic",
    "Florist",
    "Insurance",
    "Law Office",
    "Logistics",
    "Marketing",
    "Optometry",
    "Pharmacy",
    "Plumbing",
    "Printing",
    "Property Management",
    "Realty",
    "Roofing",
    "Veterinary",
    "Yoga Studio",
]
NAME_SUFFIX = ["", " LLC", " & Co", " Group", " Inc"]
FIRST_NAMES = [
    "Alex",
    "Maria",
    "James",
    "Linda",
    "Robert",
    "Patricia",
    "Michael",
    "Jennifer",
    "David",
    "Elizabeth",
    "Carlos",
    "Aisha",
    "Wei",
    "Fatima",
    "Tom",
    "Grace",
    "Hector",
    "Nina",
    "Omar",
    "Rosa",
    "Kevin",
    "Hannah",
    "Luis",
    "Mei",
]
LAST_NAMES = [
    "Anderson",
    "Brown",
    "Chen",
    "Davis",
    "Evans",
    "Garcia",
    "Hughes",
    "Johnson",
    "Kim",
    "Lopez",
    "Miller",
    "Nguyen",
    "Okafor",
    "Patel",
    "Quinn",
    "Rossi",
    "Schmidt",
    "Thompson",
    "Walker",
    "Young",
]
STREETS = ["Main St", "Oak Ave", "Lake Shore Dr", "State St", "Clark St", "Madison Ave", "Elm St", "River Rd"]
CITIES = ["Chicago, IL", "Evanston, IL", "Oak Park, IL", "Naperville, IL", "Skokie, IL"]
