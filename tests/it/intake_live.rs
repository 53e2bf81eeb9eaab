//! A clerk's screen sees what another clerk imported: the change stamp a screen polls moves with
//! every recorded change made through another connection (another process on the same server,
//! or on the same file), and stays put while only reading.

use nengbao::county::{generate, County, ImportOptions};
use nengbao::refdata::RefData;
use nengbao::workspace::FixedClock;

on_both_backends! {
    fn the_change_stamp_moves_with_another_clerks_import_and_not_with_reading(b: Backend) {
        let dir = tempfile::tempdir().unwrap();
        let rd = RefData::builtin().unwrap();
        let inbox = dir.path().join("inbox");
        generate::write_folder(&inbox, "522601", 3, rd).unwrap();
        let location = crate::backend::fresh(b, dir.path());
        let screen = County::init_at(
            &location,
            "522601",
            "凯里市发展和改革局",
            Box::new(FixedClock::at(2025, 3, 20)),
        )
        .unwrap();
        let empty = screen.change_stamp().unwrap();

        // What a screen does while it is shown: read, and poll.
        screen.roster_status(2024).unwrap();
        screen.import_runs().unwrap();
        screen.totals(2024).unwrap();
        assert_eq!(screen.change_stamp().unwrap(), empty, "reading must not move the stamp");

        // Another clerk, on a connection of their own, imports the folder.
        let mut clerk = County::open_at(&location, Box::new(FixedClock::at(2025, 3, 21))).unwrap();
        let trusting = ImportOptions { trust_new: true, ..Default::default() };
        let first = clerk.import(std::slice::from_ref(&inbox), &trusting, &|_| {}).unwrap();
        assert_eq!(first.totals.accepted, 3, "{:?}", first.files);
        let imported = screen.change_stamp().unwrap();
        assert_ne!(imported, empty, "the screen's connection sees the other clerk's import");
        assert_eq!(screen.change_stamp().unwrap(), imported, "the stamp is stable while nothing changes");

        // The same folder again: every file a duplicate, no audit entry — the log still grew by a
        // run, so the log screen has something new to show.
        let again = clerk.import(&[inbox], &trusting, &|_| {}).unwrap();
        assert_eq!(again.totals.skipped, 3, "{:?}", again.files);
        assert_ne!(screen.change_stamp().unwrap(), imported, "a run of duplicates is news to the log screen");
    }
}
