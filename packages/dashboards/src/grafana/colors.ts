// Grafana's named palette (the dark theme's values), so imported thresholds keep their colours.
const NAMED: Record<string, string> = {
  green: "#73bf69", "dark-green": "#37872d", "semi-dark-green": "#56a64b", "light-green": "#96d98d", "super-light-green": "#c8f2c2",
  red: "#f2495c", "dark-red": "#c4162a", "semi-dark-red": "#e02f44", "light-red": "#ff7383", "super-light-red": "#ffa6b0",
  orange: "#ff9830", "dark-orange": "#fa6400", "semi-dark-orange": "#ff780a", "light-orange": "#ffb357", "super-light-orange": "#ffcb7d",
  yellow: "#fade2a", "dark-yellow": "#e0b400", "semi-dark-yellow": "#f2cc0c", "light-yellow": "#ffee52", "super-light-yellow": "#fff899",
  blue: "#5794f2", "dark-blue": "#1f60c4", "semi-dark-blue": "#3274d9", "light-blue": "#8ab8ff", "super-light-blue": "#c0d8ff",
  purple: "#b877d9", "dark-purple": "#8f3bb8", "semi-dark-purple": "#a352cc", "light-purple": "#ca95e5", "super-light-purple": "#deb6f2",
  text: "#ccccdc", transparent: "rgba(0,0,0,0)", white: "#ffffff", black: "#000000",
};

/** A Grafana colour (named, hex or rgb[a]) as one our schema accepts, or `undefined`. */
export function grafanaColor(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  if (/^#[0-9a-fA-F]{3,8}$/.test(text)) return text;
  if (/^rgba?\([\d\s.,%]+\)$/.test(text)) return text.replace(/\s+/g, "");
  return NAMED[text.toLowerCase()];
}
