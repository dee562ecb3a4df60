//! `losscape ratemap`: the map of (learning rate, momentum) pairs as JSON,
//! CSV or a character picture.

use std::io::{self, Write};

use crate::core::ratemap::{self, HeavyBall, RatePoint, level};

/// The digit of a level.
fn digit(level: u32) -> char {
    char::from_digit(level, 10).unwrap_or('9')
}
use crate::format;

/// `losscape ratemap --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RateMapFormat {
    /// A character per pair: 0 (lowest final loss) to 9, x diverged.
    Text,
    /// `{"optimizer", "lr", "momentum", "cells": [[...]]}`.
    Json,
    /// `lr,momentum,final_loss,steps,status`.
    Csv,
}

/// A computed map: rows by momentum (ascending), columns by rate.
pub struct RateMapReport<'a> {
    /// The optimizer's label.
    pub label: &'a str,
    /// What the momentum axis sets (`momentum`, `β1`).
    pub momentum_name: &'a str,
    /// The rates, ascending.
    pub rates: &'a [f64],
    /// The momenta, ascending.
    pub momenta: &'a [f64],
    /// The outcomes.
    pub cells: &'a [Vec<RatePoint>],
    /// f*, subtracted from the final losses where known.
    pub lowest: Option<f64>,
    /// The theory, for heavy ball on a quadratic.
    pub theory: Option<HeavyBall>,
}

impl RateMapReport<'_> {
    /// log10(final loss − f*) of a cell that did not run away.
    pub fn gap(&self, p: &RatePoint) -> Option<f64> {
        p.gap(self.lowest.unwrap_or(0.0))
    }

    /// The pair with the lowest final loss: (row, column).
    pub fn best(&self) -> Option<(usize, usize)> {
        let cells =
            self.cells.iter().enumerate().flat_map(|(j, row)| row.iter().enumerate().map(move |(i, p)| (j, i, p)));
        ratemap::best(cells, self.lowest.unwrap_or(0.0))
    }

    /// Writes the map in the chosen format.
    pub fn write(&self, out: &mut impl Write, format: RateMapFormat) -> io::Result<()> {
        match format {
            RateMapFormat::Json => {
                let cells: Vec<Vec<serde_json::Value>> = self
                    .cells
                    .iter()
                    .map(|row| {
                        row.iter()
                            .map(|p| {
                                serde_json::json!({"final_loss": p.final_loss, "steps": p.steps, "status": p.status.name()})
                            })
                            .collect()
                    })
                    .collect();
                let json = serde_json::json!({
                    "optimizer": self.label,
                    "lr": self.rates,
                    "momentum": self.momenta,
                    "cells": cells,
                });
                writeln!(out, "{json}")
            }
            RateMapFormat::Csv => {
                writeln!(out, "lr,momentum,final_loss,steps,status")?;
                for (row, &mu) in self.cells.iter().zip(self.momenta) {
                    for (p, &lr) in row.iter().zip(self.rates) {
                        writeln!(out, "{lr},{mu},{},{},{}", p.final_loss, p.steps, p.status.name())?;
                    }
                }
                Ok(())
            }
            RateMapFormat::Text => self.write_text(out),
        }
    }

    fn write_text(&self, out: &mut impl Write) -> io::Result<()> {
        let gaps = self.cells.iter().flatten().filter_map(|p| self.gap(p));
        let (lo, hi) = gaps.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), g| (a.min(g), b.max(g)));
        let name = self.momentum_name;
        let (first, last) = (self.rates[0], self.rates[self.rates.len() - 1]);
        writeln!(
            out,
            "{}: final loss{} after the scenario's steps, by learning rate (→, {} to {}, log) and {name} (↑, {} to {})",
            self.label,
            if self.lowest.is_some() { " − f*" } else { "" },
            format::table(first),
            format::table(last),
            format::table(self.momenta[0]),
            format::table(self.momenta[self.momenta.len() - 1])
        )?;
        for row in self.cells.iter().rev() {
            let line: String = row.iter().map(|p| self.gap(p).map_or('x', |g| digit(level(g, lo, hi)))).collect();
            writeln!(out, "{line}")?;
        }
        writeln!(out)?;
        if lo.is_finite() {
            writeln!(out, "0: 1e{:.1} (lowest) … 9: 1e{:.1} (highest); x: diverged or ran away", lo, hi)?;
        }
        if let Some((j, i)) = self.best() {
            let p = &self.cells[j][i];
            writeln!(
                out,
                "best: lr = {}, {name} = {}: final loss {}",
                format::table(self.rates[i]),
                format::table(self.momenta[j]),
                format::table(p.final_loss)
            )?;
        }
        if let Some(t) = self.theory {
            let (lr, mu) = t.optimum();
            writeln!(
                out,
                "theory (heavy ball on a quadratic, λ from {} to {}): stable for lr < 2(1 + μ)/λmax; fastest at lr = {}, μ = {}",
                format::table(t.lambda_min),
                format::table(t.lambda_max),
                format::table(lr),
                format::table(mu)
            )?;
        }
        Ok(())
    }
}
