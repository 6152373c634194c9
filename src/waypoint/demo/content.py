"""What Tidewater Software is trying to achieve: annual goals, last quarter and this quarter.

Almost everything here is a deliberately GOOD OKR — directional objectives that say why they
matter, key results that move an outcome "from X to Y". The few BAD ones are there for the
coach to find; ``problems.DELIBERATE_PROBLEMS`` names each of them.
"""

from __future__ import annotations

from waypoint.demo.specs import COMMITTED, SUPPORT, ObjectiveSpec, kr
from waypoint.okrs.models import KeyResult

COMPLETION = KeyResult.Kind.COMPLETION
QUANTITY = KeyResult.Kind.QUANTITY
SUBJECTIVE = KeyResult.Kind.SUBJECTIVE

ANNUAL: tuple[ObjectiveSpec, ...] = (
    ObjectiveSpec(
        "a-grow", "Become the obvious choice for mid-sized retailers", ("tidewater",), "maya",
        "Mid-sized retailers are the segment where we win most often and churn least. Owning "
        "it funds everything else on the roadmap.",
        (
            kr("Grow annual recurring revenue from €38.0M to €52.0M", "sales-marketing",
               38.0, 52.0, "€M", reach=0.85, key="a.arr"),
            kr("Raise net revenue retention from 104% to 115%", "customer-success", 104, 115,
               "%", reach=0.7, key="a.nrr"),
            kr("Lift merchant NPS from 31 to 45", "customer-success", 31, 45, "NPS",
               reach=0.8, key="a.nps"),
        ),
    ),
    ObjectiveSpec(
        "a-buy", "Make buying from our merchants' stores effortless, even on their busiest day",
        ("tidewater",), "maya",
        "Every extra shopper who completes a purchase is revenue for our merchants, and a "
        "Black Friday outage costs them a year's goodwill in an afternoon. Fast, dependable "
        "checkout is the best argument for renewing with us.",
        (
            kr("Raise storefront checkout conversion from 2.80% to 3.60%", "product", 2.8, 3.6,
               "%", decimals=2, reach=0.75, key="a.conv"),
            kr("Cut p95 storefront page load from 1400 ms to 800 ms", "engineering", 1400, 800,
               "ms", reach=0.8, key="a.p95"),
            kr("Cut customer-visible incidents from 3.5 to 1.0 per month (3-month average)",
               "engineering", 3.5, 1.0, "incidents", reach=0.7, key="a.incidents"),
        ),
    ),
    ObjectiveSpec(
        "a-people", "Build a company people are proud to grow in", ("tidewater",), "nadia",
        "We are hiring 120 people this year. Whether they stay and grow decides whether the "
        "rest of this plan is possible.",
        (
            kr("Raise the employee engagement score from 7.1 to 8.0", "people", 7.1, 8.0,
               "/10", reach=0.75, key="a.engagement"),
            kr("Cut regretted attrition from 11% to 7%", "people", 11, 7, "%", reach=0.6,
               key="a.attrition"),
            kr("Raise the share of open roles filled internally from 22% to 30%", "people", 22,
               30, "%", reach=0.5),
        ),
    ),
)

PREVIOUS_QUARTER: tuple[ObjectiveSpec, ...] = (
    ObjectiveSpec(
        "p-idea", "Cut the time from idea to customer feedback in half",
        ("product", "engineering"), "elif",
        "Product and Engineering agreed one shared objective: ideas wait weeks for a release "
        "and then weeks more for anyone to learn whether they worked.",
        (
            kr("Cut median lead time from merge to production from 6.0 to 2.0 days", "sre",
               6.0, 2.0, "days", reach=0.9),
            kr("Raise the share of features tested with merchants before build from 20% to 50%",
               "design", 20, 50, "%", reach=0.6),
        ),
        parents=("a-buy",),
        closing_note="Lead time came down fast once the release train went daily; discovery "
                     "interviews need a standing slot, not heroics.",
    ),
    ObjectiveSpec(
        "p-finance-legal", "Make our contracts and invoices easy for customers to say yes to",
        ("finance-legal",), "felix",
        "Customers who cannot read our invoice or our contract call sales instead of paying "
        "or signing.",
        (
            kr("Cut customer invoice queries from 240 to 120 per month", "finance", 240, 120,
               "queries", reach=0.8),
        ),
        kind=SUPPORT, parents=("a-grow",),
        closing_note="Plain-language invoice template halved the questions in two months.",
    ),
    ObjectiveSpec(
        "p-people", "Help new hires stay and grow past their first year", ("people",), "nadia",
        "Half of our regretted leavers go in their first year, before they ever hit their "
        "stride.",
        (
            kr("Cut first-year regretted attrition from 14% to 10%", "people-ops", 14, 10, "%",
               reach=0.6),
        ),
        kind=SUPPORT, parent_krs=("a.attrition",),
        closing_note="Buddies help; managers' first-90-day check-ins are not yet a habit.",
    ),
    ObjectiveSpec(
        "p-checkout", "Make paying feel safe and quick for first-time buyers", ("checkout",),
        "lena",
        "First-time buyers abandon at the payment step twice as often as returning ones.",
        (
            kr("Raise checkout completion from 61% to 68%", "checkout", 61, 68, "%", reach=0.95,
               reflection="Address autocomplete did most of the work; the trust badges test "
                          "was flat."),
            kr("Cut payment declines caused by our 3-D Secure flow from 4.2% to 2.5%",
               "checkout", 4.2, 2.5, "%", reach=1.15,
               reflection="Beat the target after the issuer-specific retry. Carry the "
                          "monitoring into KTLO."),
        ),
        stretch=COMMITTED, parent_krs=("a.conv",),
        closing_note="Good quarter. Completion just short; declines well ahead.",
    ),
    ObjectiveSpec(
        "p-search", "Help shoppers find the right product on the first try", ("search",),
        "viktor",
        "Shoppers who search convert three times better, but only when the first page of "
        "results is right.",
        (
            kr("Raise search-to-cart rate from 14% to 18%", "search", 14, 18, "%", reach=0.6),
            kr("Cut zero-result searches from 9.5% to 5.0%", "search", 9.5, 5.0, "%",
               reach=0.75),
        ),
        parent_krs=("a.conv",),
        closing_note="Synonyms helped; ranking changes slipped to next quarter.",
    ),
    ObjectiveSpec(
        "p-onboarding", "Get new merchants selling in their first week", ("onboarding",), "rosa",
        "Merchants who sell in week one are four times as likely to still be with us a year "
        "later.",
        (
            kr("Raise new merchants with a first sale within 7 days from 22% to 35%",
               "onboarding", 22, 35, "%", reach=0.45),
            kr("Cut median time from sign-up to live store from 9 to 4 days", "onboarding", 9,
               4, "days", reach=0.3),
        ),
        parents=("a-grow",),
        closing_note="Domain setup is the bottleneck, not our screens. Carry over.",
    ),
    ObjectiveSpec(
        "p-mobile", "Make the merchant app something store owners open every morning",
        ("mobile",), "ethan",
        "Merchants who use the app daily react to stock-outs within hours instead of days.",
        (
            kr("Raise weekly active merchants in the app from 38% to 50%", "mobile", 38, 50,
               "%", reach=0.7),
            kr("Lift the app store rating from 3.9 to 4.4", "mobile", 3.9, 4.4, "stars",
               reach=0.8),
        ),
        parents=("a-buy",),
        closing_note="Morning summary notification was the hit of the quarter.",
    ),
    ObjectiveSpec(
        "p-sre", "Turn incidents into lessons instead of firefights", ("sre",), "omar",
        "Product teams lose a day after each incident. Faster recovery and fewer pages give "
        "that time back.",
        (
            kr("Cut mean time to restore from 95 to 45 minutes", "sre", 95, 45, "min",
               reach=0.95),
            kr("Cut pages per on-call week from 28 to 12", "sre", 28, 12, "pages", reach=0.6),
        ),
        kind=SUPPORT, parent_krs=("a.incidents",),
        closing_note="Restore times are fixed; paging noise needs owners per alert.",
    ),
    ObjectiveSpec(
        "p-data", "Yesterday's numbers are ready before the morning stand-up",
        ("data-platform",), "grace",
        "Teams make decisions on data that is a day and a half old.",
        (
            kr("Cut daily data freshness lag from 26 h to 6 h", "data-platform", 26, 6, "h",
               reach=1.0),
            kr("Cut failed nightly pipeline runs from 9 to 2 per month", "data-platform", 9, 2,
               "runs", reach=0.8),
        ),
        kind=SUPPORT, parents=("p-checkout", "p-search"),
        closing_note="Freshness done. Flaky sources remain.",
    ),
    ObjectiveSpec(
        "p-growth", "Fill the pipeline with retailers who are ready to buy",
        ("growth-marketing",), "claire",
        "Sales spends half its calls on leads that were never going to buy.",
        (
            kr("Grow marketing-qualified leads from 420 to 600 per month", "growth-marketing",
               420, 600, "leads", reach=0.8),
            kr("Raise lead-to-opportunity conversion from 11% to 15%", "growth-marketing", 11,
               15, "%", reach=0.5),
        ),
        parent_krs=("a.arr",),
        closing_note="Volume up, quality flat. Next quarter: fewer, better leads.",
    ),
    ObjectiveSpec(
        "p-enterprise", "Win enterprise retailers without heroic discounts",
        ("enterprise-sales",), "rebecca",
        "Deep discounts win the logo and lose the margin for three years.",
        (
            kr("Cut the average enterprise discount from 24% to 15%", "enterprise-sales", 24,
               15, "%", reach=0.7),
            kr("Raise the enterprise win rate from 18% to 25%", "enterprise-sales", 18, 25, "%",
               reach=0.55),
        ),
        parent_krs=("a.arr",),
        closing_note="Discount discipline held; win rate needs better qualification.",
    ),
    ObjectiveSpec(
        "p-support", "Answer merchants while they still remember the question", ("support",),
        "fatima",
        "Slow first answers are the top complaint in every NPS survey.",
        (
            kr("Cut median first response time from 9.0 h to 2.0 h", "support", 9.0, 2.0, "h",
               reach=1.05),
            kr("Raise support CSAT from 86% to 92%", "support", 86, 92, "%", reach=0.85),
        ),
        stretch=COMMITTED, parent_krs=("a.nps",),
        closing_note="Follow-the-sun rota paid off.",
    ),
    ObjectiveSpec(
        "p-finance", "Budget owners see their spend as it happens", ("finance",), "ana",
        "Budget owners find overspend a month late, when nothing can be done about it.",
        (
            kr("Raise spend coded to a budget owner within 48 h from 55% to 90%", "finance",
               55, 90, "%", reach=0.95),
            kr("Cut manual journal entries from 320 to 150 per month", "finance", 320, 150,
               "entries", reach=0.6),
        ),
        kind=SUPPORT, parents=("a-grow",),
        closing_note="Spend coding works. Journal automation waits for the new ERP connector.",
    ),
    ObjectiveSpec(
        "p-legal", "Stop contract review from slowing down enterprise deals", ("legal-ops",),
        "henrik",
        "Enterprise deals wait almost two weeks for legal review at the end of each quarter.",
        (
            kr("Cut median contract turnaround from 12 to 5 business days", "legal-ops", 12, 5,
               "days", reach=0.85),
            kr("Raise deals signed on the standard template from 40% to 70%", "legal-ops", 40,
               70, "%", reach=0.9),
        ),
        kind=SUPPORT, parents=("p-enterprise",),
        closing_note="Fallback clauses library made the difference.",
    ),
    ObjectiveSpec(
        "p-talent", "The roadmap no longer waits for engineering hires", ("talent",), "bianca",
        "Two roadmap bets slipped last half because teams waited months for hires.",
        (
            kr("Cut time-to-offer for engineering roles from 41 to 28 days", "talent", 41, 28,
               "days", reach=0.7),
            kr("Raise offer acceptance from 68% to 80%", "talent", 68, 80, "%", reach=1.0),
        ),
        kind=SUPPORT, parents=("a-people",),
        closing_note="Acceptance on target; scheduling interviews is still slow.",
    ),
    ObjectiveSpec(
        "p-people-ops", "Make the first 30 days at Tidewater the best onboarding people have had",
        ("people-ops",), "joanna",
        "New hires who feel lost in month one are the ones who leave in year one.",
        (
            kr("Raise the new-hire 30-day survey score from 6.8 to 8.5", "people-ops", 6.8, 8.5,
               "/10", reach=0.9),
        ),
        kind=SUPPORT, parent_krs=("a.attrition",),
        closing_note="Buddy programme is now standard.",
    ),
)

CHECKOUT_CRITERIA = (
    "Scored together by Design, Checkout and Product each month. 10/10 means: every checkout "
    "screen uses the shared components; it passes WCAG 2.2 AA; five unmoderated tests in a row "
    "finish payment without help; and merchants can brand it without custom CSS."
)

DEPARTMENTS_NOW: tuple[ObjectiveSpec, ...] = (
    ObjectiveSpec(
        "c-checkout", "Turn checkout into our strongest selling point",
        ("product", "engineering"), "elif",
        "Last year Product and Engineering each wrote a checkout objective and they drifted "
        "apart by week six. This quarter it is one objective with two owners; each team owns "
        "its key results.",
        (
            kr("Raise storefront checkout conversion from 3.10% to 3.50%", "checkout", 3.1, 3.5,
               "%", decimals=2, reach=0.75, key="c.conv",
               notes=((1, "Address autocomplete is live for all EU stores; conversion up on "
                          "mobile."),)),
            kr("Cut checkout p95 response time from 850 ms to 400 ms", "checkout", 850, 400,
               "ms", reach=1.15, key="c.p95",
               notes=((1, "Already past target after the payment-intent caching; will hold "
                          "the gain through peak."),)),
            kr("Lift checkout design quality from 4 to 8 on the agreed scale", "design", 4, 8,
               "/10", kind=SUBJECTIVE, decimals=0, reach=0.6, criteria=CHECKOUT_CRITERIA),
        ),
        parents=("a-buy",), parent_krs=("a.conv",),
    ),
    ObjectiveSpec(
        "c-releases", "Make releasing boring: small, daily and safe", ("engineering",), "raj",
        "Big risky releases are why our busiest weeks are also our scariest weeks.",
        (
            kr("Cut change failure rate from 18% to 8%", "sre", 18, 8, "%", reach=0.7),
            kr("Cut median lead time from commit to production from 2.5 to 0.5 days", "sre",
               2.5, 0.5, "days", reach=0.85),
        ),
        parents=("a-buy",),
    ),
    ObjectiveSpec(
        "c-evidence", "Base every roadmap bet on evidence from real merchants", ("product",),
        "elif",
        "Half of what we shipped last year was never measured, so we cannot tell our wins "
        "from our hunches.",
        (
            kr("Raise features with a measured merchant outcome from 25% to 60%",
               "product-analytics", 25, 60, "%", reach=0.7),
            kr("Cut the time to answer a product question with data from 5 to 1 days",
               "product-analytics", 5, 1, "days", reach=0.8),
        ),
        parents=("a-buy",),
    ),
    ObjectiveSpec(
        "c-midmarket", "Grow revenue from the mid-market without buying it with discounts",
        ("sales-marketing",), "priya",
        "Mid-market deals close in half the time of enterprise ones and renew better.",
        (
            kr("Grow qualified mid-market pipeline from €3.2M to €5.0M", "enterprise-sales",
               3.2, 5.0, "€M", reach=0.8),
            kr("Cut the average mid-market discount from 22% to 15%", "enterprise-sales", 22,
               15, "%", reach=0.6),
        ),
        parent_krs=("a.arr",),
    ),
    ObjectiveSpec(
        "c-expansion", "Turn renewals into expansions", ("customer-success",), "marcus",
        "Growing with the merchants we have is cheaper than finding new ones.",
        (
            kr("Grow expansion revenue from existing merchants from €180k to €300k per month",
               "account-management", 180, 300, "€k", reach=0.65),
            kr("Cut monthly logo churn from 1.6% to 1.0%", "account-management", 1.6, 1.0, "%",
               reach=0.8),
        ),
        parent_krs=("a.nrr",),
    ),
    ObjectiveSpec(
        "c-deal-desk", "Make signing and billing the fastest part of every deal",
        ("finance-legal",), "felix",
        "Once a merchant says yes, every day spent on paperwork is a day they can still "
        "change their mind, and a day of revenue we do not book.",
        (
            kr("Cut days from verbal yes to signed contract from 16 to 8", "legal-ops", 16, 8,
               "days", reach=0.75),
            kr("Cut days from signed contract to first invoice from 12 to 3", "finance", 12, 3,
               "days", reach=0.85),
        ),
        kind=SUPPORT, parents=("c-midmarket",),
    ),
    ObjectiveSpec(
        "c-referrals", "Make Tidewater the place engineers recommend to their friends",
        ("people",), "nadia",
        "Referred engineers are hired twice as fast and stay longer; they only come when our "
        "own engineers are proud to work here.",
        (
            kr("Raise engineering hires that come from referrals from 18% to 26%", "talent", 18,
               26, "%", reach=0.6),
            kr("Raise engineering eNPS from 15 to 22", "people-ops", 15, 22, "eNPS", reach=0.7),
        ),
        kind=SUPPORT, parents=("a-people",),
    ),
)

TEAMS_NOW: tuple[ObjectiveSpec, ...] = (
    ObjectiveSpec(
        "c-repeat", "Make paying again as easy as clicking once for returning shoppers",
        ("checkout",), "lena",
        "Returning shoppers are 60% of orders but still type their card in every time.",
        (
            kr("Raise returning shoppers paying with a saved method from 22% to 40%",
               "checkout", 22, 40, "%", reach=0.8,
               notes=((1, "Saved-card prompt on the confirmation page is in A/B; early "
                          "numbers look good."),)),
            kr("Cut mobile checkout abandonment from 72% to 60%", "checkout", 72, 60, "%",
               reach=0.45,
               notes=((1, "Stuck. The address step on small screens is the problem; we need "
                          "Design's help this week."),)),
        ),
        parents=("c-checkout",),
    ),
    ObjectiveSpec(
        "c-payment-errors", "Stop losing orders to payment errors", ("checkout",), "lena",
        "Every payment error is an order the shopper wanted to place.",
        (
            kr("Cut the payment error rate from 1.8% to 0.6%", "checkout", 1.8, 0.6, "%",
               reach=1.2,
               notes=((1, "Below target for three weeks running: the retry fix did it."),)),
        ),
        stretch=COMMITTED, parent_krs=("c.conv",),
    ),
    ObjectiveSpec(
        "c-first-purchase", "Make the first purchase on a new store feel trustworthy",
        ("checkout-experience",), "kwame",
        "Shoppers hesitate on stores they have never heard of; trust is a checkout problem, "
        "a design problem and a marketing problem at once.",
        (
            kr("Raise first-time buyer conversion from 1.9% to 2.6%", "checkout", 1.9, 2.6, "%",
               reach=0.65),
            kr("Cut 'is this store legit?' contacts from 140 to 60 per month", "design", 140, 60,
               "contacts", reach=0.9),
        ),
        parents=("c-checkout",),
    ),
    ObjectiveSpec(
        "c-search", "Make search understand what shoppers mean", ("search",), "viktor",
        "Shoppers type what they want in their own words; today we only match our merchants' "
        "words.",
        (
            kr("Raise search-to-cart rate from 16% to 21%", "search", 16, 21, "%", reach=0.7),
            kr("Reduce zero-result searches to 3%", "search", None, 3, "%", start=6.4,
               decimals=1, reach=0.6),
        ),
        parent_krs=("c.conv",),
    ),
    ObjectiveSpec(
        "c-onboarding", "Get new merchants to their first sale in days, not weeks",
        ("onboarding",), "rosa",
        "Last quarter showed domain setup, not our screens, holds merchants back.",
        (
            kr("Raise new merchants with a first sale within 7 days from 27% to 40%",
               "onboarding", 27, 40, "%", reach=0.6),
            kr("Cut median time from sign-up to live store from 6 to 3 days", "onboarding", 6,
               3, "days", reach=0.4,
               notes=((1, "Registrar API still rate-limits us. At risk unless Platform can "
                          "help."),)),
        ),
        parents=("a-grow",),
    ),
    ObjectiveSpec(
        "c-mobile", "Make the merchant app feel instant on older phones", ("mobile",), "ethan",
        "A third of our merchants run their shop from a phone that is four years old.",
        (
            kr("Cut cold start on low-end Android phones from 4.8 s to 2.8 s", "mobile", 4.8,
               2.8, "s", reach=0.7),
            kr("Raise crash-free sessions from 98.6% to 99.7%", "mobile", 98.6, 99.7, "%",
               reach=0.8),
        ),
    ),
    ObjectiveSpec(
        "c-data", "Product teams can trust same-day numbers",
        ("data-platform",), "grace",
        "Product teams want to judge their bets within a day, not a week.",
        (
            kr("Cut data freshness lag from 6 h to 1 h", "data-platform", 6, 1, "h", reach=0.9),
            kr("Hire 2 data engineers", "data-platform", 0, 2, "hires", kind=QUANTITY,
               decimals=0, reach=0.5),
        ),
        kind=SUPPORT, parents=("c-evidence",),
    ),
    ObjectiveSpec(
        "c-uptime", "Maintain 99.9% uptime", ("sre",), "omar",
        "Merchants expect the storefront to be up.",
        (
            kr("Cut customer-visible incidents from 5 to 2 per month", "sre", 5, 2, "incidents",
               reach=0.7),
        ),
        kind=SUPPORT, parent_krs=("a.incidents",),
    ),
    ObjectiveSpec(
        "c-on-call", "On-call engineers sleep through the night", ("sre",), "omar",
        "Tired on-call engineers make the next incident worse; every page must be worth "
        "waking up for.",
        (
            kr("Cut pages per on-call week from 19 to 8", "sre", 19, 8, "pages", reach=0.6),
            kr("Cut mean time to restore from 50 to 30 minutes", "sre", 50, 30, "min",
               reach=0.9),
        ),
        kind=SUPPORT, parents=("c-releases",),
    ),
    ObjectiveSpec(
        "c-enablement", "Get new account executives closing deals in their first quarter",
        ("sales-enablement",), "george",
        "We are hiring eight AEs; every month of ramp is a month of quota we do not have.",
        (
            kr("Cut ramp time for new account executives from 5.5 to 4.0 months",
               "sales-enablement", 5.5, 4.0, "months", reach=0.6),
            kr("Launch the partner portal", "sales-enablement", 0, 100, "%", kind=COMPLETION,
               decimals=0, reach=0.7),
        ),
        parents=("c-midmarket",),
    ),
    ObjectiveSpec(
        "c-enterprise", "Win enterprise retailers on value, not on discount",
        ("enterprise-sales",), "rebecca",
        "Value-based deals renew at full price; discounted ones ask for the same discount "
        "again.",
        (
            kr("Raise the enterprise win rate from 21% to 28%", "enterprise-sales", 21, 28, "%",
               reach=0.5),
        ),
        stretch=COMMITTED, parents=("c-midmarket",), assigned_by="priya",
    ),
    ObjectiveSpec(
        "c-self-service", "Let merchants solve common problems without waiting for us",
        ("support",), "fatima",
        "Most tickets ask the same twenty questions; merchants would rather not ask at all.",
        (
            kr("Raise self-service resolution from 35% to 55%", "support", 35, 55, "%",
               reach=0.85),
            kr("Raise support CSAT from 91% to 94%", "support", 91, 94, "%", reach=0.6),
        ),
        parent_krs=("a.nps",),
    ),
    ObjectiveSpec(
        "c-close", "Sales leaders have their numbers by the 6th of every month", ("finance",),
        "ana",
        "Sales leaders plan the month blind until the books close; today that is the 12th.",
        (
            kr("Close the books in 5 working days instead of 9", "finance", 9, 5, "days",
               reach=0.75,
               notes=((1, "October closed on day 6. Bank reconciliation is the last manual "
                          "step."),)),
            kr("Cut disputed invoices from 7.0% to 3.0%", "finance", 7.0, 3.0, "%",
               reach=0.5),
        ),
        kind=SUPPORT, parents=("c-midmarket",),
    ),
    ObjectiveSpec(
        "c-legal", "Make contract review invisible to the customer", ("legal-ops",), "henrik",
        "A deal that waits on legal is a deal a competitor can still win.",
        (
            kr("Cut median contract turnaround from 7 to 3 business days", "legal-ops", 7, 3,
               "days", reach=0.8),
            kr("Raise deals signed on our standard terms from 62% to 80%", "legal-ops", 62, 80,
               "%", reach=0.7),
        ),
        kind=SUPPORT, parents=("c-enterprise",),
    ),
    ObjectiveSpec(
        "c-talent", "Teams stop waiting months for the engineers they need", ("talent",), "bianca",
        "Data Platform and Checkout both plan around hires that have not started yet.",
        (
            kr("Cut time-to-offer for engineering roles from 33 to 25 days", "talent", 33, 25,
               "days", reach=0.6, stall_after=2),
        ),
        kind=SUPPORT, parents=("a-people",),
    ),
    ObjectiveSpec(
        "c-growth-talks", "Help managers hold better growth conversations", ("people-ops",),
        "joanna",
        "People who leave tell us nobody talked with them about their next step.",
        (
            kr("Raise 'my manager helps me grow' from 6.4 to 7.5", "people-ops", 6.4, 7.5,
               "/10", reach=0.7),
            kr("Raise people with a written growth plan from 50% to 70%", "people-ops", 50, 70,
               "%", reach=0.75),
        ),
        kind=SUPPORT, parent_krs=("a.engagement",),
    ),
    ObjectiveSpec(
        "c-trusted-numbers", "Make product decisions on numbers everyone trusts",
        ("product-analytics",), "arjun",
        "Two dashboards, two answers: meetings end in arguments about the data, not the "
        "decision.",
        (
            kr("Raise key metrics with one agreed definition from 30% to 90%",
               "product-analytics", 30, 90, "%", reach=0.7, stall_after=3),
        ),
        parents=("c-evidence",),
    ),
)

GROWTH_SEVEN: tuple[ObjectiveSpec, ...] = (
    ObjectiveSpec(
        "g-content", "Make our content the first thing retailers read about checkout",
        ("growth-marketing",), "claire",
        "Retailers research for months before they talk to sales.",
        (
            kr("Grow organic sign-ups from 900 to 1400 per month", "growth-marketing", 900,
               1400, "sign-ups", reach=0.7),
            kr("Publish 6 blog posts", "growth-marketing", 0, 6, "posts", kind=QUANTITY,
               decimals=0, reach=1.0),
        ),
        parents=("c-midmarket",),
    ),
    ObjectiveSpec(
        "g-trials", "Turn trial users into paying merchants", ("growth-marketing",), "claire",
        "Most trials end without the merchant ever adding a product.",
        (kr("Raise trial-to-paid conversion from 9% to 13%", "growth-marketing", 9, 13, "%",
            reach=0.6),),
        parents=("c-midmarket",),
    ),
    ObjectiveSpec(
        "g-winback", "Win back merchants who left us last year", ("growth-marketing",),
        "amara",
        "Many churned for a missing feature we have since built.",
        (kr("Raise the win-back rate of churned merchants from 3% to 5%", "growth-marketing",
            3, 5, "%", reach=0.5),),
        parent_krs=("a.arr",),
    ),
    ObjectiveSpec(
        "g-dach", "Become a name mid-sized retailers in Germany recognise",
        ("growth-marketing",), "claire",
        "Germany is our largest untapped market; nobody buys from a vendor they never heard of.",
        (kr("Raise aided brand awareness among DACH mid-market retailers from 10% to 15%",
            "growth-marketing", 10, 15, "%", reach=0.6),),
        parents=("c-midmarket",),
    ),
    ObjectiveSpec(
        "g-payback", "Make paid acquisition pay for itself sooner", ("growth-marketing",),
        "amara",
        "Paid channels grow revenue but tie up cash for well over a year.",
        (kr("Cut CAC payback from 19 to 14 months", "growth-marketing", 19, 14, "months",
            reach=0.5),),
        parent_krs=("a.arr",),
    ),
    ObjectiveSpec(
        "g-partners", "Bring our partners' customers to us", ("growth-marketing",), "lina",
        "Agencies build stores for hundreds of retailers and recommend the platform.",
        (kr("Grow partner-sourced pipeline from €400k to €600k", "growth-marketing", 400, 600,
            "€k", reach=0.55),),
        parents=("c-midmarket",),
    ),
    ObjectiveSpec(
        "g-webinars", "Make every webinar lead worth a sales call", ("growth-marketing",),
        "jasper",
        "Webinars fill the CRM with contacts sales never calls back.",
        (kr("Raise webinar-to-meeting conversion from 5% to 8%", "growth-marketing", 5, 8, "%",
            reach=0.6),),
        parents=("c-midmarket",),
    ),
)

CURRENT_QUARTER: tuple[ObjectiveSpec, ...] = DEPARTMENTS_NOW + TEAMS_NOW + GROWTH_SEVEN
